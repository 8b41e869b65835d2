// The model_coverage.mdx update as the JS layer asks for it (wasm updateCoverage):
//   config bytes, the file's text ("" = emit only), and a request
//   {display_name, tp?, ep?, page_sizes?, gemm_tp?, replace?, definitions?: [names], workloads?: [names]}.
// Without `definitions` / `workloads` the bundled snapshot decides the statuses.
// Answer: {text, action, section, summary_row}.
#pragma once
#include <string_view>

#include "core/error.hpp"
#include "core/lenient_json.hpp"

namespace hfmi {

Result<Json> coverage_update_from_json(std::string_view config_bytes, std::string_view file_text,
                                       std::string_view request_json);

}  // namespace hfmi
