// An index beside the config (the --local folder, or the Hub's index fallback) is reconciled with the
// count: its metadata.total_size against the headers' tensor bytes, or, config-only, against the config
// estimate in the config's dtype. Expected values: the index's own total_size and hf-wild's expected.json.
#include <catch2/catch.hpp>

#include "structure_fixtures.hpp"

using namespace hfmi;
using namespace hfmi::test;

namespace {

const char* const kDir = "structure/Qwen__Qwen-72B/";

void feed_index(ImportSession& s, const std::string& bytes) {
  for (size_t at = 0; at < bytes.size(); at += 4096) REQUIRE(s.index_feed(std::string_view(bytes).substr(at, 4096)).ok());
  REQUIRE(s.index_finish().ok());
}

bool has_issue(const Json& a, const std::string& code, const std::string& path) {
  for (const Json& i : a["issues"]) {
    if (i["code"] == code && i["path"] == path) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("index total_size: config-only falcon-40b, the estimate is compared in bf16 and the gap is said",
          "[accounting][index]") {
  const std::string dir = "structure/tiiuae__falcon-40b/";
  const std::string index = fixture(dir + "pytorch_model.bin.index.json");
  const uint64_t total_size = Json::parse(index)["metadata"]["total_size"].get<uint64_t>();
  ImportSession s;
  REQUIRE(s.set_config(fixture(dir + "config.json")).ok());
  feed_index(s, index);
  const Json a = analyze_ok(s, "tiiuae/falcon-40b");
  const Json& ix = a["architecture"]["parameters"]["index"];
  CHECK(ix["basis"] == "config");
  CHECK(ix["total_size"] == total_size);
  CHECK(ix["dtype"] == "bfloat16");                     // the config's torch_dtype
  CHECK(ix["implied_parameters"] == total_size / 2);   // 41,835,970,560: the .bin stores lm_head and the embedding
  const int64_t estimate = a["architecture"]["parameters"]["total"].get<int64_t>();
  CHECK(ix["expected_bytes"] == estimate * 2);
  // Whatever the estimate, the verdict follows the 1% rule on the index's own figure.
  const double diff = std::abs(double(estimate * 2) - double(total_size)) / std::max(double(estimate * 2), double(total_size));
  CHECK(ix["agree"] == (diff <= 0.01));
  CHECK(has_issue(a, "W_INDEX_SIZE_MISMATCH", "index.metadata.total_size") == (diff > 0.01));
}

TEST_CASE("index total_size: a config that names no dtype (Qwen-72B) gets no byte verdict, and a note says why",
          "[accounting][index]") {
  ImportSession s;
  REQUIRE(s.set_config(fixture(std::string(kDir) + "config.json")).ok());
  feed_index(s, fixture(std::string(kDir) + "model.safetensors.index.json"));
  const Json a = analyze_ok(s, "Qwen/Qwen-72B");
  const Json& ix = a["architecture"]["parameters"]["index"];
  CHECK(ix["basis"] == "none");
  CHECK(ix["total_size"] == 144'575'840'256);  // the index's metadata.total_size
  REQUIRE(ix["notes"].size() == 1);
  CHECK(ix["notes"][0].get<std::string>().find("no dtype") != std::string::npos);
}

TEST_CASE("index total_size: with Qwen-72B's headers, the tensor bytes equal total_size per dtype", "[accounting][index]") {
  const std::string index_text = fixture(std::string(kDir) + "model.safetensors.index.json");
  const Json index = Json::parse(index_text);
  const Json config = Json::parse(fixture(std::string(kDir) + "config.json"));
  const BuiltModel m = build_from_index(index, qwen_v1_shapes(config));
  ImportSession s;
  load_session(s, fixture(std::string(kDir) + "config.json"), m);
  feed_index(s, index_text);
  const Json a = analyze_ok(s, "Qwen/Qwen-72B");
  const Json& ix = a["architecture"]["parameters"]["index"];
  const uint64_t total_size = index["metadata"]["total_size"].get<uint64_t>();
  CHECK(ix["basis"] == "headers");
  CHECK(ix["expected_bytes"] == total_size);
  CHECK(ix["bytes_by_dtype"]["BF16"] == total_size);
  CHECK(ix["agree"] == true);
  CHECK_FALSE(has_issue(a, "W_INDEX_SIZE_MISMATCH", "index.metadata.total_size"));
}

TEST_CASE("index total_size: headers short of the index (a shard missing) are said to disagree", "[accounting][index]") {
  ImportSession s;
  REQUIRE(s.set_config(R"({"model_type":"llama","architectures":["LlamaForCausalLM"],"hidden_size":8,
    "num_hidden_layers":1,"num_attention_heads":2,"num_key_value_heads":2,"intermediate_size":16,"vocab_size":32,
    "torch_dtype":"bfloat16"})").ok());
  HeaderBuilder b;
  b.add("model.embed_tokens.weight", "BF16", {32, 8}).add("model.norm.weight", "BF16", {8});
  REQUIRE(s.add_header("model-00001-of-00002.safetensors", b.bytes(), b.file_size()).ok());
  feed_index(s, R"({"metadata":{"total_size":4096},"weight_map":{"model.embed_tokens.weight":"model-00001-of-00002.safetensors",
    "model.norm.weight":"model-00001-of-00002.safetensors","lm_head.weight":"model-00002-of-00002.safetensors"}})");
  const Json a = analyze_ok(s, "x/y");
  const Json& ix = a["architecture"]["parameters"]["index"];
  CHECK(ix["basis"] == "headers");
  CHECK(ix["expected_bytes"] == (32 * 8 + 8) * 2);
  CHECK(ix["agree"] == false);
  CHECK(has_issue(a, "W_INDEX_SIZE_MISMATCH", "index.metadata.total_size"));
}
