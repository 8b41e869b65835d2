// The FlashInfer-Bench Definition names that ship with the package (a dataset snapshot).
// Replaced at run time by ImportSession::set_definitions_catalog().
#pragma once
#include "core/static_list.hpp"

namespace hfmi {

struct BundledDefinitionName {
  const char* name;
  const char* op_type;
};

StaticList<BundledDefinitionName> bundled_definition_names();  // a static array, sorted by name

}  // namespace hfmi
