// The fixture hub's GGUF repos (scripts/generate_gguf_fixtures.mjs: real tensor lists, llama.cpp names and
// type rules): every file analysed through GgufRepo, checked against gguf.json (computed by the generator
// from the source tensor list) and against the decoded tensor infos.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "json_oracle.hpp"
#include "gguf/gguf_header.hpp"
#include "params/gguf_repo.hpp"

namespace {

struct Loaded {
  nlohmann::json spec;
  nlohmann::json result;
  std::map<std::string, std::map<std::string, int64_t>> bytes_by_type;  // file -> type -> sum over tensor infos
};

Loaded load(const std::string& repo, int64_t gpu = 0) {
  Loaded l;
  l.spec = nlohmann::json::parse(hfmi::test::fixture("repos/hfmi-gguf/" + repo + "/gguf.json"));
  hfmi::GgufRepo r;
  for (const auto& [file, f] : l.spec["files"].items()) {
    const std::string head = hfmi::test::fixture("repos/hfmi-gguf/" + repo + "/" + file + ".head");
    auto p = r.add_part(file, head, f["size"].get<uint64_t>());
    if (!p.ok()) FAIL(p.error().message);
    REQUIRE(p.value()["complete"] == true);
    auto h = hfmi::decode_gguf_header(head, f["size"].get<uint64_t>(), file);
    REQUIRE(h.ok());
    const std::string group = hfmi::gguf_split_name(file).group;
    for (const auto& t : h->tensors) l.bytes_by_type[group][t.type->name] += static_cast<int64_t>(t.bytes);
  }
  hfmi::GgufRepoOptions o;
  o.context_length = 8192;
  o.gpu_memory_bytes = gpu;
  auto a = r.analyze(o);
  if (!a.ok()) FAIL(a.error().message);
  l.result = hfmi::test::oracle(a.value());
  return l;
}

void check_rows(const Loaded& l) {
  for (const auto& row : l.result["gguf"]) {
    const std::string file = row["file"];
    INFO(file);
    const std::string group = hfmi::gguf_split_name(file).group;
    int64_t params = 0, bytes = 0, size = 0;
    for (const auto& [name, f] : l.spec["files"].items()) {
      if (hfmi::gguf_split_name(name).group != group) continue;
      params += f["parameters"].get<int64_t>();
      bytes += f["tensor_bytes"].get<int64_t>();
      size += f["size"].get<int64_t>();
    }
    CHECK(row["parameters"] == params);                           // exact parameters per file
    CHECK(row["parameters"] == l.spec["source_parameters"]);      // = the source checkpoint's tensor list
    CHECK(row["tensor_bytes"] == bytes);
    CHECK(row["file_bytes"] == size);                             // header + padding + data = the file size
    int64_t by_type_sum = 0;
    for (const auto& [type, share] : row["by_type"].items()) {
      CHECK(share["bytes"] == l.bytes_by_type.at(group).at(type));  // bytes per type = sum over the tensor infos
      by_type_sum += share["bytes"].get<int64_t>();
    }
    CHECK(by_type_sum == bytes);
    CHECK(row["bits_per_weight"].get<double>() == Approx(static_cast<double>(bytes) * 8 / static_cast<double>(params)));
  }
}

}  // namespace

TEST_CASE("gguf fixture repos: six quantizations of Llama-3.1-8B", "[gguf]") {
  auto l = load("Llama-3.1-8B-Instruct-GGUF", int64_t{6} << 30);
  REQUIRE(l.result["gguf"].size() == 6);
  check_rows(l);
  // 8,030,261,248: the published safetensors count of meta-llama/Llama-3.1-8B (index total_size / 2).
  CHECK(l.result["gguf"][0]["parameters"] == 8030261248);
  // Sorted by size, smallest first; quantization names come from general.file_type.
  std::vector<std::string> order;
  for (const auto& row : l.result["gguf"]) order.push_back(row["quantization"]);
  CHECK(order == std::vector<std::string>{"Q2_K", "Q3_K_M", "Q4_K_M", "Q5_K_M", "Q6_K", "Q8_0"});
  // KV cache: 32 layers x 2 x 8 KV heads x 128 x 2 bytes = 131,072 bytes per token.
  CHECK(l.result["gguf"][0]["kv_cache_bytes_per_token"] == 131072);
  // Fits 6 GiB with an 8K context (1 GiB of KV): Q4_K_M (4.9 GB) yes, Q5_K_M (5.7 GB) no.
  CHECK(l.result["gguf"][2]["fits_gpu"] == true);
  CHECK(l.result["gguf"][3]["fits_gpu"] == false);
}

TEST_CASE("gguf fixture repos: a split Q8_0 file is one row of two parts", "[gguf]") {
  auto l = load("Llama-3.1-8B-Instruct-Q8_0-split-GGUF");
  REQUIRE(l.result["gguf"].size() == 1);
  CHECK(l.result["gguf"][0]["parts"] == 2);
  CHECK(l.result["gguf"][0]["file"] == "Llama-3.1-8B-Instruct-Q8_0-00001-of-00002.gguf");
  check_rows(l);
}

TEST_CASE("gguf fixture repos: a MoE and an MLA model", "[gguf]") {
  auto q = load("Qwen3-30B-A3B-GGUF");
  check_rows(q);
  CHECK(q.result["architecture"]["model_type"] == "qwen3_moe");
  CHECK(q.result["architecture"]["by_component"]["routed_experts"] == int64_t{48} * 128 * 3 * 768 * 2048);
  auto d = load("DeepSeek-V3-GGUF");
  check_rows(d);
  CHECK(d.result["architecture"]["model_type"] == "deepseek_v3");
  // MLA: 61 layers x (kv_lora_rank 512 + rope 64) x 2 bytes.
  CHECK(d.result["gguf"][0]["kv_cache_bytes_per_token"] == 61 * 576 * 2);
}
