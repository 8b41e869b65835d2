// Every policy table of src/policy (and the safetensors dtype table) as one JSON document: the input of
// scripts/gen_policy_ts.mjs, which writes js/core/generated/*.ts, and of the test that the committed
// TypeScript equals the core's tables.
#pragma once
#include "core/lenient_json.hpp"

namespace hfmi {

Json policy_tables_json();

}  // namespace hfmi
