// The Definition names with a collected workload in the bundled snapshot (offline fallback).
#pragma once
#include "core/static_list.hpp"

namespace hfmi {

StaticList<const char*> bundled_workload_names();  // a static array, sorted

}  // namespace hfmi
