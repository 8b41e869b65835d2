// Mantile perf-model configs, checked against Mantile's own files and loading rules:
//   - tests/fixtures/consumers/mantile/model_configs: 5 real configs (gminneci/mantile@72ff84eb);
//   - tests/fixtures/consumers/mantile/layer_classes.json: Mantile's classes and constructor keys, a
//     table independent of src/emit/mantile_classes.cpp.
// The loading rules (as Mantile's backend applies them): resolve `class` by exact name; keep only the
// constructor's keys from `specs` (defaults for the missing ones; a missing required key fails);
// build every supported row.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/lenient_json.hpp"
#include "emit/mantile_gaps.hpp"
#include "emit/perf_model_config.hpp"
#include "fixtures.hpp"
#include "json_oracle.hpp"
#include "header_builder.hpp"
#include "session/import_session.hpp"

using namespace hfmi;
using nlohmann::json;

namespace {

const json& mantile_classes() {
  static const json j = json::parse(test::fixture("consumers/mantile/layer_classes.json"));
  return j["classes"];
}

// Mantile's loading of one row: the constructor arguments, or a failure message.
struct Built {
  bool ok = false;
  std::string error;
  json kwargs = json::object();
};

Built construct(const json& row) {
  Built b;
  const std::string cls = row.value("class", "");
  if (!mantile_classes().contains(cls)) {
    b.error = "unknown class " + cls;
    return b;
  }
  const json& keys = mantile_classes()[cls];
  const json& specs = row["specs"];
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    if (specs.contains(it.key())) b.kwargs[it.key()] = specs[it.key()];
    else if (!it.value().is_null()) b.kwargs[it.key()] = it.value();
    else {
      b.error = cls + " needs " + it.key();
      return b;
    }
  }
  b.ok = true;
  return b;
}

json analyze(const std::string& config_text, const std::string& model_id, ImportSession* with_headers = nullptr) {
  ImportSession local;
  ImportSession& s = with_headers ? *with_headers : local;
  REQUIRE(s.set_config(config_text).ok());
  AnalyzeOptions o;
  o.model_id = model_id;
  auto r = s.analyze(o);
  REQUIRE(r.ok());
  return test::oracle(r.value());
}

std::map<std::string, json> rows_by_name(const json& config) {
  std::map<std::string, json> out;
  for (const json& r : config["layer_types"]) out[r["name"].get<std::string>()] = r;
  return out;
}

struct RealCase {
  const char* mantile_file;  // in model_configs/
  const char* hf_config;     // fixture path
  const char* hf_model_id;
};

const RealCase kCases[] = {
    {"meta-llama_Llama-3.3-70B-Instruct.json", "hf/meta-llama__Llama-3.3-70B-Instruct.config.json",
     "meta-llama/Llama-3.3-70B-Instruct"},
    {"meta-llama_Llama-3.1-405B-Instruct.json", "hf/meta-llama__Llama-3.1-405B.config.json",
     "meta-llama/Llama-3.1-405B-Instruct"},
    {"mistralai_Mistral-7B-v0.1.json", "consumers/mantile/hf/mistralai__Mistral-7B-v0.1.config.json",
     "mistralai/Mistral-7B-v0.1"},
    {"TinyLlama_TinyLlama-1.1B-Chat-v1.0.json", "consumers/mantile/hf/TinyLlama__TinyLlama-1.1B-Chat-v1.0.config.json",
     "TinyLlama/TinyLlama-1.1B-Chat-v1.0"},
    {"openai_GPT-OSS-120B.json", "hf/openai__gpt-oss-120b.config.json", "openai/gpt-oss-120b"},
};

}  // namespace

TEST_CASE("Mantile's loading rules build every supported row of the real configs and of ours", "[mantile]") {
  for (const RealCase& c : kCases) {
    INFO(c.mantile_file);
    const json real = json::parse(test::fixture(std::string("consumers/mantile/model_configs/") + c.mantile_file));
    for (const json& row : real["layer_types"]) CHECK(construct(row).ok);
    const json ours = analyze(test::fixture(c.hf_config), c.hf_model_id)["perf_model_config"];
    for (const json& row : ours["layer_types"]) {
      INFO(row.dump());
      if (row.value("supported", true) == false) continue;
      const Built b = construct(row);
      CHECK(b.error == "");
      // Every key in specs is a constructor key, layer_idx or metadata.
      for (auto it = row["specs"].begin(); it != row["specs"].end(); ++it) {
        const std::set<std::string> meta = {"layer_idx", "parameter_count", "input_dim", "output_dim"};
        CHECK((mantile_classes()[row["class"].get<std::string>()].contains(it.key()) || meta.count(it.key())));
      }
    }
  }
}

TEST_CASE("Our Mantile configs equal the real ones row by row, except where the real file is wrong", "[mantile]") {
  for (const RealCase& c : kCases) {
    INFO(c.mantile_file);
    const json real = json::parse(test::fixture(std::string("consumers/mantile/model_configs/") + c.mantile_file));
    const json hf = json::parse(test::fixture(c.hf_config));
    const json ours = analyze(test::fixture(c.hf_config), c.hf_model_id)["perf_model_config"];

    // Identity: {org}_{Name}, as the file name.
    CHECK(ours["model_id"] == real["model_id"].get<std::string>().substr(0, 0) + [&] {
      std::string id = c.hf_model_id;
      for (char& ch : id) if (ch == '/') ch = '_';
      return id;
    }());
    CHECK(ours["hidden_size"] == real["hidden_size"]);
    CHECK(ours["num_layers"] == real["num_layers"]);
    CHECK(ours["vocab_size"] == real["vocab_size"]);

    auto r = rows_by_name(real);
    auto o = rows_by_name(ours);
    const int64_t layers = hf["num_hidden_layers"].get<int64_t>();
    for (auto& [name, real_row] : r) {
      INFO(name);
      REQUIRE(o.count(name) == 1);
      const json& our_row = o[name];
      const std::string real_class = real_row["class"];
      const std::string our_class = our_row["class"];
      if (std::string(c.mantile_file) == "mistralai_Mistral-7B-v0.1.json" && name == "attention") {
        // Real-file error 3: Mistral-7B-v0.1 attends over a 4,096-token sliding window in every layer
        // (config.json "sliding_window": 4096; the real file's own validation_notes say "sliding window
        // attention (4096)"), but the real file uses GroupedQueryAttentionLayer.
        CHECK(real_class == "GroupedQueryAttentionLayer");
        CHECK(our_class == "SlidingWindowAttentionLayer");
        CHECK(construct(our_row).kwargs["sliding_window"] == hf["sliding_window"]);
        CHECK(construct(our_row).kwargs["num_query_heads"] == construct(real_row).kwargs["num_heads"]);
        CHECK(construct(our_row).kwargs["num_kv_heads"] == construct(real_row).kwargs["num_kv_heads"]);
        CHECK(construct(our_row).kwargs["head_dim"] == construct(real_row).kwargs["head_dim"]);
        continue;
      }
      CHECK(our_class == real_class);
      CHECK(construct(our_row).kwargs == construct(real_row).kwargs);
      if (name == "norm") {
        // Real-file error 2: two norms per layer plus the final norm (model.norm) are 2L + 1.
        const int64_t expected = 2 * layers + 1;
        CHECK(our_row["count"] == expected);
        // Named: the real files that leave out norms (Llama-3.1-405B's 253 is right).
        static const std::map<std::string, int64_t> kRealNormCounts = {
            {"meta-llama_Llama-3.3-70B-Instruct.json", 80}, {"mistralai_Mistral-7B-v0.1.json", 32},
            {"TinyLlama_TinyLlama-1.1B-Chat-v1.0.json", 22}, {"openai_GPT-OSS-120B.json", 72}};
        const auto wrong = kRealNormCounts.find(c.mantile_file);
        CHECK(real_row["count"] == (wrong == kRealNormCounts.end() ? expected : wrong->second));
      } else {
        CHECK(our_row["count"] == real_row["count"]);
      }
    }
    // Real-file error 1: an untied lm_head (tie_word_embeddings false in every one of these configs) is
    // its own vocab x hidden matrix; the real files leave it out.
    REQUIRE(hf.value("tie_word_embeddings", false) == false);
    CHECK(r.count("lm_head") == 0);
    REQUIRE(o.count("lm_head") == 1);
    CHECK(o["lm_head"]["class"] == "EmbeddingLayer");
    CHECK(construct(o["lm_head"]).kwargs == json{{"vocab_size", hf["vocab_size"]}, {"hidden_size", hf["hidden_size"]}});
    // No row beyond the real file's and the lm_head.
    CHECK(o.size() == r.size() + 1);
  }
}

TEST_CASE("Llama-3.3-70B: with the lm_head and 161 norms the total is the checkpoint's 70.55B", "[mantile]") {
  const json ours = analyze(test::hf_config("meta-llama__Llama-3.3-70B-Instruct"), "meta-llama/Llama-3.3-70B-Instruct")["perf_model_config"];
  int64_t sum = 0;
  for (const json& row : ours["layer_types"]) sum += row["count"].get<int64_t>() * row["specs"]["parameter_count"].get<int64_t>();
  // 70,553,706,496: the published parameter count of Llama-3.3-70B (= 3.1-70B's checkpoint).
  CHECK(sum == 70553706496);
  CHECK(ours["total_params"] == 70553706496);
  CHECK(ours["total_params_formatted"] == "70.6B");
}

TEST_CASE("Tied embeddings give one embedding row", "[mantile]") {
  const json ours = analyze(test::hf_config("meta-llama__Llama-3.2-1B"), "meta-llama/Llama-3.2-1B")["perf_model_config"];
  auto o = rows_by_name(ours);
  CHECK(o.count("embedding") == 1);
  CHECK(o.count("lm_head") == 0);
}

TEST_CASE("DeepSeek-V3's MLA is a gap row with a report holding the real headers' tensors", "[mantile]") {
  // Shard 1 of the fixture repo's real-shaped headers holds layer 0.
  const json repo = json::parse(test::fixture("repos/deepseek-ai/DeepSeek-V3/tensors.json"));
  const std::string shard = "model-00001-of-000163.safetensors";
  test::HeaderBuilder b;
  std::vector<json> layer0_attention;
  for (const json& t : repo["shards"][shard]) {
    b.add(t[0], t[1], t[2].get<std::vector<int64_t>>());
    const std::string name = t[0];
    if (name.rfind("model.layers.0.self_attn.", 0) == 0 && name.find("scale_inv") == std::string::npos)
      layer0_attention.push_back(t);
  }
  REQUIRE(layer0_attention.size() == 7);
  ImportSession s;
  REQUIRE(s.add_header(shard, b.bytes(), b.file_size()).ok());
  const json a = analyze(test::hf_config("deepseek-ai__DeepSeek-V3"), "deepseek-ai/DeepSeek-V3", &s);
  const json& config = a["perf_model_config"];
  CHECK(config["model_id"] == "deepseek-ai_DeepSeek-V3");
  auto o = rows_by_name(config);
  REQUIRE(o.count("mla_attention") == 1);
  const json& mla = o["mla_attention"];
  CHECK(mla["supported"] == false);
  CHECK(mla["count"] == 61);
  CHECK(mla["gap_report"] == "model_builder/gaps/deepseek-ai_DeepSeek-V3_mla_attention.md");
  // The supported rows: 3 dense layers, 58 MoE layers (config: first_k_dense_replace 3).
  CHECK(o["feedforward"]["count"] == 3);
  CHECK(o["MoE"]["count"] == 58);
  CHECK(construct(o["MoE"]).kwargs == json{{"hidden_size", 7168}, {"intermediate_size", 2048}, {"num_experts", 256},
                                           {"top_k", 8}, {"num_shared_experts", 1}, {"num_projections", 3},
                                           {"has_bias", false}});
  CHECK(o["norm"]["count"] == 2 * 61 + 1);

  REQUIRE(a["perf_gap_reports"].size() == 1);
  const json& report = a["perf_gap_reports"][0];
  CHECK(report["path"] == mla["gap_report"]);
  const std::string md = report["markdown"];
  for (const char* section : {"## 1. Example tensors from the dry run", "## 2. Documentation references",
                              "## 3. Parallelism strategies", "## 4. Test-suite specification"})
    CHECK(md.find(section) != std::string::npos);
  CHECK(md.find("PyTorch") != std::string::npos);
  CHECK(md.find("vLLM") != std::string::npos);
  CHECK(md.find("SGLang") != std::string::npos);
  for (const json& t : layer0_attention) {
    std::string shape = "[";
    for (size_t i = 0; i < t[2].size(); ++i) shape += (i ? ", " : "") + std::to_string(t[2][i].get<int64_t>());
    shape += "]";
    INFO(t.dump());
    CHECK(md.find("| `" + t[0].get<std::string>() + "` | " + t[1].get<std::string>() + " | " + shape + " |") != std::string::npos);
  }
}

TEST_CASE("Nemotron-H's Mamba2 layers are a gap; its attention and MLP layers are Mantile classes", "[mantile]") {
  const std::string text = test::hf_config("nvidia__Nemotron-H-56B-Base-8K");
  auto lenient = parse_lenient_json(text, "E_BAD_CONFIG");  // the config holds a bare Infinity
  REQUIRE(lenient.ok());
  const json hf = test::oracle(lenient.value());
  const json a = analyze(text, "nvidia/Nemotron-H-56B-Base-8K");
  auto o = rows_by_name(a["perf_model_config"]);
  const std::string pattern = hf["hybrid_override_pattern"];
  const auto count = [&](char ch) { return static_cast<int64_t>(std::count(pattern.begin(), pattern.end(), ch)); };
  REQUIRE(o.count("mamba2") == 1);
  CHECK(o["mamba2"]["supported"] == false);
  CHECK(o["mamba2"]["count"] == count('M'));
  CHECK(o["mamba2"]["gap_report"] == "model_builder/gaps/nvidia_Nemotron-H-56B-Base-8K_mamba2.md");
  CHECK(o["attention"]["class"] == "GroupedQueryAttentionLayer");
  CHECK(o["attention"]["count"] == count('*'));
  CHECK(o["feedforward"]["class"] == "MLPLayer");  // relu2, no gate
  CHECK(o["feedforward"]["count"] == count('-'));
  for (const json& row : a["perf_model_config"]["layer_types"])
    if (row["supported"] == true) CHECK(construct(row).ok);
  REQUIRE(a["perf_gap_reports"].size() == 1);
  const std::string md = a["perf_gap_reports"][0]["markdown"];
  CHECK(md.find("No safetensors headers were read") != std::string::npos);
  CHECK(md.find("`ssm_state_size` = " + std::to_string(hf["ssm_state_size"].get<int64_t>())) != std::string::npos);
}

TEST_CASE("The gaps README table is created, then updated in place", "[mantile]") {
  ModelConfig c;
  c.num_layers = 61;
  GapReport mla = gap_report(GapKind::kMla, c, "deepseek-ai/DeepSeek-V3", "deepseek-ai_DeepSeek-V3", 61, 0, {});
  const std::string created = gaps_readme_update("", {mla}, "deepseek-ai/DeepSeek-V3");
  CHECK(created.find("| Gap | Model | Layers | Severity | Report |") != std::string::npos);
  CHECK(created.find("| Multi-head latent attention (MLA) | deepseek-ai/DeepSeek-V3 | 61 | HIGH | "
                     "[deepseek-ai_DeepSeek-V3_mla_attention.md](deepseek-ai_DeepSeek-V3_mla_attention.md) |") !=
        std::string::npos);
  // A README with its own text and table: our row is rewritten in place, a new one appended, and
  // nothing else changes.
  const std::string existing =
      "# Gaps\r\n\r\nIntro.\r\n\r\n| Gap | Model | Layers | Severity | Report |\r\n|---|---|---|---|---|\r\n"
      "| Other | x/y | 2 | LOW | [x_y_other.md](x_y_other.md) |\r\n"
      "| Old | deepseek-ai/DeepSeek-V3 | 1 | LOW | [deepseek-ai_DeepSeek-V3_mla_attention.md](deepseek-ai_DeepSeek-V3_mla_attention.md) |\r\n"
      "\r\nFooter.\r\n";
  GapReport mamba = gap_report(GapKind::kMamba2, c, "deepseek-ai/DeepSeek-V3", "deepseek-ai_DeepSeek-V3", 3, 0, {});
  const std::string updated = gaps_readme_update(existing, {mla, mamba}, "deepseek-ai/DeepSeek-V3");
  CHECK(updated ==
        "# Gaps\r\n\r\nIntro.\r\n\r\n| Gap | Model | Layers | Severity | Report |\r\n|---|---|---|---|---|\r\n"
        "| Other | x/y | 2 | LOW | [x_y_other.md](x_y_other.md) |\r\n"
        "| Multi-head latent attention (MLA) | deepseek-ai/DeepSeek-V3 | 61 | HIGH | [deepseek-ai_DeepSeek-V3_mla_attention.md](deepseek-ai_DeepSeek-V3_mla_attention.md) |\r\n"
        "| Mamba2 state-space mixer | deepseek-ai/DeepSeek-V3 | 3 | HIGH | [deepseek-ai_DeepSeek-V3_mamba2.md](deepseek-ai_DeepSeek-V3_mamba2.md) |\r\n"
        "\r\nFooter.\r\n");
  CHECK(gaps_readme_update(updated, {mla, mamba}, "deepseek-ai/DeepSeek-V3") == updated);
}
