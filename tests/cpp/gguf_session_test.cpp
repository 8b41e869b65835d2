// A GGUF-only repo imported through the session, its lead file's tensor infos taken as the model's
// tensors (params/gguf_tensors.hpp, ImportSession::add_gguf_header). Expected values come from data: the
// real Llama-3.1-8B index total_size (BF16, 2 bytes a parameter), the source checkpoints' tensor lists
// (the fixture repos' tensors.json, imported as safetensors shards), and the tensor infos decoded here.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "gguf/gguf_header.hpp"
#include "header_builder.hpp"
#include "params/gguf_repo.hpp"
#include "params/gguf_tensors.hpp"
#include "session/import_session.hpp"

using namespace hfmi;

namespace {

struct GgufImport {
  Json repo;      // GgufRepo::analyze
  Json analysis;  // ImportSession::analyze
  int64_t info_elements = 0;  // sum over the lead file's decoded tensor infos (every part once)
  size_t info_count = 0;
};

// The JS path (js/core/core_api.ts makeHandle): GgufRepo reads every file; the session gets the config
// the lead file's metadata imply and the lead file's parts.
GgufImport import_gguf(const std::string& name) {
  const std::string dir = "repos/hfmi-gguf/" + name + "/";
  const Json spec = Json::parse(test::fixture(dir + "gguf.json"));
  GgufRepo repo;
  std::map<std::string, std::string> heads;
  for (const auto& [file, f] : spec["files"].items()) {
    heads[file] = test::fixture(dir + file + ".head");
    REQUIRE(repo.add_part(file, heads[file], f["size"].get<uint64_t>()).ok());
  }
  auto r = repo.analyze({});
  REQUIRE(r.ok());
  GgufImport out;
  out.repo = r.value();
  ImportSession s;
  REQUIRE(s.set_config(out.repo["architecture"]["config"].dump()).ok());
  for (const Json& file : out.repo["architecture"]["files"]) {
    const std::string f = file.get<std::string>();
    const uint64_t size = spec["files"][f]["size"].get<uint64_t>();
    auto h = decode_gguf_header(heads.at(f), size, f);
    REQUIRE(h.ok());
    for (const GgufTensorInfo& t : h->tensors) out.info_elements += static_cast<int64_t>(t.elements);
    out.info_count += h->tensors.size();
    auto added = s.add_gguf_header(f, heads.at(f), size);
    if (!added.ok()) FAIL(added.error().message);
    CHECK(added.value() == h->tensors.size());
  }
  AnalyzeOptions o;
  o.model_id = "hfmi-gguf/" + name;
  auto a = s.analyze(o);
  if (!a.ok()) FAIL(a.error().message);
  out.analysis = a.value();
  // gguf_tensor_hf_name covers every llama.cpp name of the repo: no tensor falls to "other", and the
  // structure is read from the tensors without an unsupported role.
  CHECK_FALSE(out.analysis["architecture"]["parameters"]["by_component"].contains("other"));
  CHECK(out.analysis["structure"]["source"] == "tensors");
  CHECK(out.analysis["structure"]["unsupported"].empty());
  return out;
}

// The source checkpoint imported from its fixture repo's tensor list (as the safetensors path does).
Json import_safetensors(const std::string& org_name) {
  const Json tensors = Json::parse(test::fixture("repos/" + org_name + "/tensors.json"));
  ImportSession s;
  REQUIRE(s.set_config(test::fixture("repos/" + org_name + "/config.json")).ok());
  for (const auto& [shard, rows] : tensors["shards"].items()) {
    test::HeaderBuilder b;
    for (const Json& row : rows) b.add(row[0].get<std::string>(), row[1].get<std::string>(), row[2].get<std::vector<int64_t>>());
    REQUIRE(s.add_header(shard, b.bytes(), b.file_size()).ok());
  }
  auto a = s.analyze(AnalyzeOptions{});
  REQUIRE(a.ok());
  return a.value()["architecture"]["parameters"];
}

const Json& params(const GgufImport& g) { return g.analysis["architecture"]["parameters"]; }

}  // namespace

TEST_CASE("gguf session: Llama-3.1-8B GGUF counts the published 8,030,261,248 from its tensor infos", "[gguf][ggufsession]") {
  const GgufImport g = import_gguf("Llama-3.1-8B-Instruct-GGUF");
  // The real meta-llama/Llama-3.1-8B index: total_size 16,060,522,496 bytes of BF16, 2 bytes a parameter.
  const Json index = Json::parse(test::fixture("repos/meta-llama/Llama-3.1-8B/model.safetensors.index.json"));
  const int64_t published = index["metadata"]["total_size"].get<int64_t>() / 2;
  CHECK(published == 8'030'261'248);
  CHECK(params(g)["total"] == published);
  CHECK(params(g)["source"] == "gguf");
  CHECK(params(g)["total"] == g.info_elements);
  CHECK(params(g)["tensors"] == g.info_count);
  // The same component and layer rules as the safetensors import of the source checkpoint.
  const Json st = import_safetensors("meta-llama/Llama-3.1-8B");
  CHECK(params(g)["by_component"] == st["by_component"]);
  CHECK(params(g)["by_layer"] == st["by_layer"]);
  CHECK(params(g)["active"] == st["active"]);
  // Parameters per ggml type: the lead file's by_type row (its parameters per type).
  CHECK(g.repo["architecture"]["files"][0] == "Llama-3.1-8B-Instruct-Q2_K.gguf");  // the first by name of six equals
  for (const Json& row : g.repo["gguf"]) {
    if (row["file"] != g.repo["architecture"]["files"][0]) continue;
    REQUIRE(row["by_type"].size() == params(g)["by_dtype"].size());
    for (const auto& [type, share] : row["by_type"].items()) CHECK(params(g)["by_dtype"][type] == share["parameters"]);
  }
  // No config-only warning, and the structure is the one the tensors give.
  CHECK(g.analysis["issues"].dump().find("W_CONFIG_ONLY") == std::string::npos);
  CHECK(g.analysis["architecture"]["num_layers"] == 32);
  // Mantile's per-model config reads the same exact count, and names the GGUF header as its source.
  CHECK(g.analysis["perf_model_config"]["total_params"] == published);
  CHECK(g.analysis["perf_model_config"]["validation_sources"] == Json::array({"config.json", "1 GGUF header(s)"}));
}

TEST_CASE("gguf session: the split Q8_0 file counts each of its two parts once", "[gguf][ggufsession]") {
  const GgufImport g = import_gguf("Llama-3.1-8B-Instruct-Q8_0-split-GGUF");
  REQUIRE(g.repo["architecture"]["files"].size() == 2);
  const Json index = Json::parse(test::fixture("repos/meta-llama/Llama-3.1-8B/model.safetensors.index.json"));
  CHECK(params(g)["total"] == index["metadata"]["total_size"].get<int64_t>() / 2);
  CHECK(params(g)["total"] == g.info_elements);
  CHECK(params(g)["shards"] == 2);
  CHECK(params(g)["by_component"]["lm_head"] == int64_t{128256} * 4096);  // output.weight, in part 2
}

TEST_CASE("gguf session: Qwen3-30B-A3B (MoE) equals its tensor infos and its source checkpoint", "[gguf][ggufsession]") {
  const GgufImport g = import_gguf("Qwen3-30B-A3B-GGUF");
  CHECK(params(g)["source"] == "gguf");
  CHECK(params(g)["total"] == g.info_elements);
  const Json st = import_safetensors("Qwen/Qwen3-30B-A3B");
  CHECK(params(g)["total"] == st["total"]);
  // The real Qwen/Qwen3-30B-A3B index: total_size bytes of BF16, 2 bytes a parameter.
  const Json index = Json::parse(test::fixture("repos/Qwen/Qwen3-30B-A3B/model.safetensors.index.json"));
  CHECK(params(g)["total"] == index["metadata"]["total_size"].get<int64_t>() / 2);
  CHECK(params(g)["active"] == st["active"]);
  CHECK(params(g)["by_component"] == st["by_component"]);
  CHECK(params(g)["by_layer"] == st["by_layer"]);
}

TEST_CASE("gguf session: DeepSeek-V3 (MLA, MoE) equals its tensor infos and its source without the MTP layer", "[gguf][ggufsession]") {
  const GgufImport g = import_gguf("DeepSeek-V3-GGUF");
  CHECK(params(g)["source"] == "gguf");
  CHECK(params(g)["total"] == g.info_elements);
  // llama.cpp's converter leaves out the multi-token-prediction layer (model.layers.61) of the checkpoint.
  const Json st = import_safetensors("deepseek-ai/DeepSeek-V3");
  CHECK(params(g)["mtp"] == 0);
  CHECK(params(g)["total"] == st["total"].get<int64_t>() - st["mtp"].get<int64_t>());
  Json by_component = st["by_component"];
  by_component.erase("mtp");
  CHECK(params(g)["by_component"] == by_component);
  CHECK(params(g)["active"] == st["active"]);
}

TEST_CASE("gguf session: a part given twice, or a truncated header, is a coded error", "[gguf][ggufsession][hostile]") {
  const std::string dir = "repos/hfmi-gguf/Llama-3.1-8B-Instruct-Q8_0-split-GGUF/";
  const Json spec = Json::parse(test::fixture(dir + "gguf.json"));
  const std::string file = "Llama-3.1-8B-Instruct-Q8_0-00001-of-00002.gguf";
  const std::string head = test::fixture(dir + file + ".head");
  const uint64_t size = spec["files"][file]["size"].get<uint64_t>();
  ImportSession s;
  REQUIRE(s.add_gguf_header(file, head, size).ok());
  auto twice = s.add_gguf_header(file, head, size);
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().code == codes::kBadHeader);
  auto cut = ImportSession().add_gguf_header(file, head.substr(0, head.size() / 2), size);
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().code == codes::kBadHeader);
}

TEST_CASE("gguf session tensors: HF names, reversed dims, ggml type and byte extent", "[gguf][ggufsession]") {
  const std::string dir = "repos/hfmi-gguf/Qwen3-30B-A3B-GGUF/";
  const Json spec = Json::parse(test::fixture(dir + "gguf.json"));
  const std::string file = spec["files"].begin().key();
  auto h = decode_gguf_header(test::fixture(dir + file + ".head"), spec["files"][file]["size"].get<uint64_t>(), file);
  REQUIRE(h.ok());
  const std::vector<TensorInfo> ts = gguf_session_tensors(h.value());
  REQUIRE(ts.size() == h->tensors.size());
  bool seen_experts = false;
  for (size_t i = 0; i < ts.size(); ++i) {
    const GgufTensorInfo& t = h->tensors[i];
    INFO(t.name);
    CHECK(ts[i].dtype == t.type->name);
    CHECK(ts[i].end - ts[i].begin == t.bytes);
    REQUIRE(ts[i].shape.size() == t.dims.size());
    for (size_t d = 0; d < t.dims.size(); ++d) CHECK(ts[i].shape[d] == static_cast<int64_t>(t.dims[t.dims.size() - 1 - d]));
    CHECK(ts[i].name.rfind("blk.", 0) != 0);  // every llama.cpp name is mapped
    if (t.name == "blk.0.ffn_down_exps.weight") {
      seen_experts = true;
      CHECK(ts[i].name == "model.layers.0.mlp.experts.down_proj.weight");
      // HF [experts, out, in] = [128, hidden 2048, moe_intermediate 768]
      CHECK(ts[i].shape == std::vector<int64_t>{128, 2048, 768});
    }
  }
  CHECK(seen_experts);
}

TEST_CASE("gguf session: the real tiny llama (F16) counts its 12 tensor infos from SOURCE.json", "[gguf][ggufsession]") {
  const std::string name = "ollama__ollama__llama-2-tiny-random";
  const Json source = Json::parse(test::fixture("gguf/real/" + name + ".SOURCE.json"));
  const std::string head = test::fixture("gguf/real/" + name + ".gguf.head");
  const uint64_t size = source["full_file_size"].get<uint64_t>();
  GgufRepo repo;
  REQUIRE(repo.add_part(name + ".gguf", head, size).ok());
  auto r = repo.analyze({});
  REQUIRE(r.ok());
  ImportSession s;
  REQUIRE(s.set_config(r.value()["architecture"]["config"].dump()).ok());
  auto added = s.add_gguf_header(name + ".gguf", head, size);
  REQUIRE(added.ok());
  CHECK(added.value() == source["n_tensors"].get<size_t>());
  auto a = s.analyze(AnalyzeOptions{});
  REQUIRE(a.ok());
  int64_t expected = 0;  // the sum over SOURCE.json's tensor list (dims products)
  for (const Json& t : source["tensors"]) {
    int64_t n = 1;
    for (const Json& d : t["dims"]) n *= d.get<int64_t>();
    expected += n;
  }
  const Json& p = a.value()["architecture"]["parameters"];
  CHECK(p["total"] == expected);
  CHECK(p["source"] == "gguf");
  CHECK(p["by_dtype"]["F16"].get<int64_t>() + p["by_dtype"]["F32"].get<int64_t>() == expected);
  CHECK(a.value()["structure"]["source"] == "tensors");
  // Stored bytes: F16 2 and F32 4 bytes an element.
  CHECK(a.value()["architecture"]["memory"]["weight_bytes_stored"] == 2 * p["by_dtype"]["F16"].get<int64_t>() + 4 * p["by_dtype"]["F32"].get<int64_t>());
}
