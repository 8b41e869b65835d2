// The policy tables (src/policy): the shard-name cases every layer must answer alike, and the tables'
// own consistency (unique codes and names, exit codes in range, limits that fit in a JS number).
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "policy/error_codes.hpp"
#include "policy/limits.hpp"
#include "policy/policy_tables.hpp"
#include "policy/shard_names.hpp"
#include "safetensors/dtype.hpp"

using namespace hfmi;

TEST_CASE("policy: every shard-name case of tests/fixtures/policy/shard_names.json", "[policy]") {
  const Json cases = Json::parse(hfmi::test::fixture("policy/shard_names.json"))["cases"];
  REQUIRE(cases.size() >= 20);
  for (const Json& c : cases) {
    const std::string name = c["name"].get<std::string>();
    INFO(c["why"].get<std::string>());
    CHECK(shard_name_problem(name).empty() == c["ok"].get<bool>());
  }
}

TEST_CASE("policy: error codes are unique, exit codes are 1..125 (E_ABORTED: 130), E_INTERNAL exits 1", "[policy]") {
  std::set<std::string> names;
  for (const ErrorCodeRow& r : kErrorCodes) {
    CHECK(names.insert(r.name).second);
    CHECK(std::string(r.name).rfind("E_", 0) == 0);
    CHECK(r.exit_code >= 1);
    // 126..255 are the shell's; the one exception is an abort, which exits as an interrupted run does
    // (128 + SIGINT), so scripts that test for Ctrl-C see the same code.
    if (r.id == ErrorCode::kAborted) CHECK(r.exit_code == 130);
    else CHECK(r.exit_code <= 125);
  }
  CHECK(kErrorCodes[static_cast<size_t>(ErrorCode::kInternal)].exit_code == 1);
  for (const ErrorCodeRow& r : kErrorCodes)
    if (r.id != ErrorCode::kInternal) CHECK(r.exit_code != 1);  // exit 1 means a bug, nothing else
}

TEST_CASE("policy: the tables' JSON (input of the TypeScript generator) holds every row", "[policy]") {
  const Json j = policy_tables_json();
  CHECK(j["errorCodes"].size() == static_cast<size_t>(ErrorCode::kCount));
  CHECK(j["limits"].size() == static_cast<size_t>(Limit::kCount));
  CHECK(j["dtypes"].size() == safetensors_dtypes().size());
  for (const Json& l : j["limits"]) CHECK(l["value"].get<uint64_t>() <= (uint64_t{1} << 53));
  // The header cap the reference implementations use (huggingface.js: 25 MB).
  CHECK(limit(Limit::kHeaderBytes) == 25'000'000);
}
