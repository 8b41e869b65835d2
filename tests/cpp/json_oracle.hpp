// nlohmann/json as the tests' oracle (an independent parser and serializer; the core has its own DOM,
// core/json_value.hpp): each side's value read from the other's text.
#pragma once
#include <nlohmann/json.hpp>

#include "core/json_value.hpp"

namespace hfmi::test {

inline nlohmann::json oracle(const Json& j) { return nlohmann::json::parse(j.dump()); }
inline Json core_json(const nlohmann::json& j) { return Json::parse(j.dump()); }

}  // namespace hfmi::test
