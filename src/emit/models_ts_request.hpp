// The models.ts update as the JS layer asks for it: the entry arrives as JSON
// {id, name, description?, modules: [{name, count, parent?, type, definitions?}]}.
#pragma once
#include <string_view>

#include "core/error.hpp"
#include "emit/models_ts_updater.hpp"

namespace hfmi {

// Converts the JSON entry to a ModelsTsEntry (E_USAGE with the path of a bad field).
Result<ModelsTsEntry> models_ts_entry_from_json(std::string_view entry_json);

// With "keep_name": true / "keep_description": true in the entry JSON, a replace keeps the existing
// entry's curated name / description (what was kept goes to `kept`).
Result<ModelsTsUpdate> update_models_ts_from_json(std::string_view file_text, std::string_view entry_json, bool replace,
                                                  std::vector<ModelsTsKept>* kept = nullptr);

}  // namespace hfmi
