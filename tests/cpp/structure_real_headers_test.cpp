// The real safetensors headers of tests/fixtures/real-headers (copied from ../shared/fixtures/real/headers):
// each one's total and per-dtype count must equal SOURCE.json's parameters_from_header, which the fixture's
// collector computed from the real file (not from this tool).
#include <catch2/catch.hpp>

#include <string>

#include "fixtures.hpp"
#include "params/tensor_accounting.hpp"
#include "safetensors/safetensors_header.hpp"
#include "session/import_session.hpp"
#include "structure/model_structure.hpp"

using namespace hfmi;

namespace {

// The analysis of one real header set through the import session (config.json, then the header at its
// real file size), with every count checked against SOURCE.json; returned for further checks.
Json check_real_header(const std::string& dir) {
  INFO(dir);
  const Json source = Json::parse(hfmi::test::fixture("real-headers/" + dir + "/SOURCE.json"));
  const Json& file = source["files"]["model.safetensors.header"];
  ImportSession s;
  auto c = s.set_config(hfmi::test::fixture("real-headers/" + dir + "/config.json"));
  INFO((c.ok() ? std::string() : c.error().code + ": " + c.error().message + " at " + c.error().path));
  REQUIRE(c.ok());
  auto added = s.add_header("model.safetensors", hfmi::test::fixture("real-headers/" + dir + "/model.safetensors.header"),
                            file["real_file_size"].get<uint64_t>());
  REQUIRE(added.ok());
  CHECK(added.value() == file["n_tensors"].get<size_t>());
  AnalyzeOptions o;
  o.model_id = source["repo"].get<std::string>();
  auto a = s.analyze(o);
  INFO((a.ok() ? std::string() : a.error().code + ": " + a.error().message));
  REQUIRE(a.ok());
  const Json& p = a.value()["architecture"]["parameters"];
  const Json& expected = source["parameters_from_header"];
  CHECK(p["source"] == "safetensors");
  CHECK(p["total"] == expected["total"]);
  CHECK(p["by_dtype"] == expected["per_dtype"]);
  CHECK(p["tensors"] == file["n_tensors"]);
  CHECK(a.value()["structure"]["source"] == "tensors");
  return a.value();
}

}  // namespace

TEST_CASE("real headers: HelgeS/capp-gpt-serve (GPT-2) counts SOURCE.json's 236,224", "[structure][real-headers]") {
  check_real_header("HelgeS__capp-gpt-serve");
}

TEST_CASE("real headers: MLegkovskis/tiny-llm-cicd (GPT-2) counts SOURCE.json's 811,520", "[structure][real-headers]") {
  check_real_header("MLegkovskis__tiny-llm-cicd");
}

TEST_CASE("real headers: MLegkovskis/tiny-llm-cicd early (GPT-2) counts SOURCE.json's 5,936", "[structure][real-headers]") {
  check_real_header("MLegkovskis__tiny-llm-cicd__early");
}

TEST_CASE("real headers: allshaks/eeg_llm (time_series_transformer, an encoder-decoder no table knows) counts "
          "SOURCE.json's 131,972 through the session and lists what it cannot break down",
          "[structure][real-headers]") {
  // Its config has no num_hidden_layers / num_attention_heads / vocab_size (encoder_layers, decoder_layers,
  // d_model, *_attention_heads instead): the count and the structure come from the header.
  const Json a = check_real_header("allshaks__eeg_llm");
  const Json& st = a["structure"];
  CHECK(st["stack"] == "model.decoder.layers");
  CHECK(st["other_stacks"] == Json::array({"model.encoder.layers"}));
  int64_t encoder = 0;  // nothing is dropped: every encoder tensor is listed as unsupported
  for (const Json& u : st["unsupported"]) {
    if (u["role"].get<std::string>().rfind("model.encoder.layers.", 0) == 0) encoder += u["tensor_count"].get<int64_t>();
  }
  CHECK(encoder == 2 * 16);  // encoder_layers: 2, 16 tensors per encoder layer in the header
  // Every tensor is a parameter of some component: the per-component counts add up to the header's total.
  int64_t by_component = 0;
  for (const auto& [name, n] : a["architecture"]["parameters"]["by_component"].items()) by_component += n.get<int64_t>();
  CHECK(by_component == 131'972);  // SOURCE.json parameters_from_header.total
}
