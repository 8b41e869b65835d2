// Hostile safetensors content reaching the outputs: tensor names that a spreadsheet would run as
// formulas (OWASP CSV injection) and a header whose only tensor has zero elements.
#include <catch2/catch.hpp>

#include <string>

#include "core/lenient_json.hpp"
#include "header_builder.hpp"
#include "session/import_session.hpp"

using namespace hfmi;
using hfmi::test::HeaderBuilder;

namespace {

// A tiny Llama config (values chosen by hand; the estimate is far above zero).
const char* kConfig = R"({"model_type":"llama","architectures":["LlamaForCausalLM"],"hidden_size":64,
  "intermediate_size":128,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":4,
  "vocab_size":1000,"max_position_embeddings":128})";

Json analyze(const HeaderBuilder& b) {
  ImportSession s;
  REQUIRE(s.set_config(kConfig).ok());
  REQUIRE(s.add_header("model.safetensors", b.bytes(), b.file_size()).ok());
  AnalyzeOptions o;
  o.model_id = "test/tiny";
  auto a = s.analyze(o);
  REQUIRE(a.ok());
  return a.value();
}

}  // namespace

TEST_CASE("tensors.csv: cells starting with = + - @ tab or CR are neutralised (OWASP)", "[safetensors][csv]") {
  HeaderBuilder b;
  b.add("=HYPERLINK(\"http://x\",\"y\")", "F32", {1});
  b.add("+cmd", "F32", {1});
  b.add("-2+3", "F32", {1});
  b.add("@SUM(A1)", "F32", {1});
  b.add("\tTAB", "F32", {1});
  b.add("\rCR", "F32", {1});
  b.add("model.norm.weight", "F32", {64});
  const std::string csv = analyze(b)["tensors_csv"].get<std::string>();
  // Each hostile name is quoted and starts with an apostrophe; quotes inside are doubled.
  CHECK(csv.find(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",") != std::string::npos);
  CHECK(csv.find(",\"'+cmd\",") != std::string::npos);
  CHECK(csv.find(",\"'-2+3\",") != std::string::npos);
  CHECK(csv.find(",\"'@SUM(A1)\",") != std::string::npos);
  CHECK(csv.find(",\"'\tTAB\",") != std::string::npos);
  CHECK(csv.find(",\"'\rCR\",") != std::string::npos);
  // No cell of any row starts with a formula character.
  size_t line_start = 0;
  while (line_start < csv.size()) {
    const size_t nl = csv.find('\n', line_start);
    const std::string line = csv.substr(line_start, nl - line_start);
    CHECK(line.find(",=") == std::string::npos);
    CHECK(line.find(",+") == std::string::npos);
    CHECK(line.find(",@") == std::string::npos);
    line_start = nl == std::string::npos ? csv.size() : nl + 1;
  }
  CHECK(csv.find(",model.norm.weight,64,F32\n") != std::string::npos);  // plain names stay plain
}

TEST_CASE("reconciliation: a header whose only tensor is [0, 1000] warns and is unexplained", "[safetensors][reconcile]") {
  HeaderBuilder b;
  b.add("model.embed_tokens.weight", "F32", {0, 1000});
  const Json a = analyze(b);
  const Json& p = a["architecture"]["parameters"];
  CHECK(p["total"].get<int64_t>() == 0);
  bool warned = false;
  for (const Json& i : a["issues"])
    if (i["code"] == "W_PARAM_IMPLAUSIBLE" && i["severity"] == "warning") warned = true;
  CHECK(warned);
  const std::string dump = a.dump();
  CHECK(dump.find("unexplained") != std::string::npos);
  CHECK(dump.find("\"explained\":true") == std::string::npos);
}
