// The models.ts update as the JS layer asks for it: the entry arrives as JSON
// {id, name, description?, modules: [{name, count, parent?, type, definitions?}]}.
#pragma once
#include <string_view>

#include "core/error.hpp"
#include "emit/models_ts_updater.hpp"

namespace hfmi {

// Converts the JSON entry to a ModelsTsEntry (E_USAGE with the path of a bad field).
Result<ModelsTsEntry> models_ts_entry_from_json(std::string_view entry_json);

Result<ModelsTsUpdate> update_models_ts_from_json(std::string_view file_text, std::string_view entry_json, bool replace);

}  // namespace hfmi
