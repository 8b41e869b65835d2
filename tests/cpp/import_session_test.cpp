// One import session end to end, natively: headers built from a fixture repo's tensors.json, the
// published parameter count as the expected value, and the session's cross-shard checks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "header_builder.hpp"
#include "session/import_session.hpp"

using namespace hfmi;
using hfmi::test::HeaderBuilder;

namespace {

HeaderBuilder shard_header(const Json& rows) {
  HeaderBuilder b;
  for (const Json& row : rows) b.add(row[0].get<std::string>(), row[1].get<std::string>(), row[2].get<std::vector<int64_t>>());
  return b;
}

}  // namespace

TEST_CASE("session: Llama-3.1-8B from its fixture repo's shards counts the published 8,030,261,248", "[session]") {
  const Json tensors = Json::parse(hfmi::test::fixture("repos/meta-llama/Llama-3.1-8B/tensors.json"));
  ImportSession s;
  REQUIRE(s.set_config(hfmi::test::fixture("repos/meta-llama/Llama-3.1-8B/config.json")).ok());
  size_t added = 0;
  for (const auto& [shard, rows] : tensors["shards"].items()) {
    const HeaderBuilder b = shard_header(rows);
    auto r = s.add_header(shard, b.bytes(), b.file_size());
    REQUIRE(r.ok());
    CHECK(r.value() == rows.size());
    added += r.value();
  }
  CHECK(added == 291);
  AnalyzeOptions o;
  o.model_id = "meta-llama/Llama-3.1-8B";
  auto a = s.analyze(o);
  REQUIRE(a.ok());
  CHECK(a.value()["architecture"]["parameters"]["total"].get<int64_t>() == 8'030'261'248);  // PROVENANCE.md
  const std::string csv = a.value()["tensors_csv"].get<std::string>();
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 291 + 1);
}

TEST_CASE("session: a tensor stored in two shards is refused with its path; the session stays usable", "[session][hostile]") {
  ImportSession s;
  HeaderBuilder first, second, third;
  first.add("model.embed_tokens.weight", "BF16", {8, 4}).add("model.norm.weight", "BF16", {4});
  second.add("model.layers.0.mlp.up_proj.weight", "BF16", {4, 4}).add("model.norm.weight", "BF16", {4});
  third.add("lm_head.weight", "BF16", {8, 4});
  REQUIRE(s.add_header("model-00001-of-00003.safetensors", first.bytes(), first.file_size()).ok());
  auto dup = s.add_header("model-00002-of-00003.safetensors", second.bytes(), second.file_size());
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().code == "E_BAD_HEADER");
  CHECK(dup.error().path == "$['model.norm.weight']");
  CHECK(dup.error().message.find("more than one shard") != std::string::npos);
  CHECK(s.tensor_count() == 2);  // nothing of the refused shard was kept
  auto again = s.add_header("model-00001-of-00003.safetensors", third.bytes(), third.file_size());
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message.find("given twice") != std::string::npos);
  REQUIRE(s.add_header("model-00003-of-00003.safetensors", third.bytes(), third.file_size()).ok());
  CHECK(s.tensor_count() == 3);
}
