// The Definition names with a collected workload in the bundled snapshot (offline fallback).
#pragma once
#include <string>
#include <vector>

namespace hfmi {

const std::vector<std::string>& bundled_workload_names();

}  // namespace hfmi
