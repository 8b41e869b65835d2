#include "emit/catalog_entry.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

namespace hfmi {
namespace {

std::string catalog_id(const std::string& id) {
  // The catalogue's id alphabet has no dots: "llama-3.1-8b" -> "llama-3-1-8b".
  std::string out;
  for (char ch : id) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

struct FieldRule {
  const char* key;
  bool required;
  enum Kind { kString, kPositiveInt, kPositiveNumber, kArchitecture, kId } kind;
};

const FieldRule kFields[] = {
    {"id", true, FieldRule::kId},
    {"name", true, FieldRule::kString},
    {"parameters_billions", true, FieldRule::kPositiveNumber},
    {"hidden_size", true, FieldRule::kPositiveInt},
    {"num_layers", true, FieldRule::kPositiveInt},
    {"num_heads", true, FieldRule::kPositiveInt},
    {"default_context_length", true, FieldRule::kPositiveInt},
    {"architecture", true, FieldRule::kArchitecture},
    {"hf_model_id", false, FieldRule::kString},
    {"num_kv_heads", false, FieldRule::kPositiveInt},
    {"intermediate_size", false, FieldRule::kPositiveInt},
    {"vocab_size", false, FieldRule::kPositiveInt},
    {"num_experts", false, FieldRule::kPositiveInt},
    {"experts_per_token", false, FieldRule::kPositiveInt},
};

bool field_ok(const Json& v, FieldRule::Kind kind) {
  switch (kind) {
    case FieldRule::kString: return v.is_string() && !v.get<std::string>().empty();
    case FieldRule::kPositiveInt: return v.is_number_integer() && v.get<int64_t>() > 0;
    case FieldRule::kPositiveNumber: return v.is_number() && v.get<double>() > 0 && std::isfinite(v.get<double>());
    case FieldRule::kArchitecture: return v.is_string() && (v == "transformer" || v == "moe");
    case FieldRule::kId:
      return v.is_string() && std::regex_match(v.get<std::string>(), std::regex("^[a-z0-9-]+$"));
  }
  return false;
}

double entry_params(const Json& e) {
  if (!e.is_object()) return 0.0;
  const auto it = e.find("parameters_billions");
  return it != e.end() && it->is_number() ? it->get<double>() : 0.0;
}

std::string entry_id(const Json& e) {
  if (!e.is_object()) return "";
  const auto it = e.find("id");
  return it != e.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Json catalog_entry(const ModelConfig& c, const std::string& hf_model_id, const std::string& id,
                   const std::string& name, int64_t total_parameters) {
  Json e = {
      {"id", catalog_id(id)},
      {"name", name},
      {"parameters_billions", std::round(static_cast<double>(total_parameters) / 1e7) / 100.0},
      {"hidden_size", c.hidden_size},
      {"num_layers", c.num_layers},
      {"num_heads", c.num_heads},
      {"default_context_length", c.max_position_embeddings},
      {"architecture", c.moe ? "moe" : "transformer"},
      {"hf_model_id", hf_model_id},
      {"num_kv_heads", c.num_kv_heads},
      {"vocab_size", c.vocab_size},
  };
  if (c.intermediate_size > 0) e["intermediate_size"] = c.intermediate_size;
  if (c.moe) {
    e["num_experts"] = c.moe->num_experts;
    e["experts_per_token"] = c.moe->experts_per_token;
  }
  return e;
}

Result<bool> validate_catalog_entry(const Json& entry) {
  if (!entry.is_object()) return make_error(codes::kBadOptions, "a catalogue entry must be a JSON object", "$");
  for (const FieldRule& f : kFields) {
    const auto it = entry.find(f.key);
    if (it == entry.end()) {
      if (f.required) return make_error(codes::kBadOptions, std::string("catalogue entry lacks ") + f.key, std::string("$.") + f.key);
      continue;
    }
    if (!field_ok(*it, f.kind))
      return make_error(codes::kBadOptions, std::string("catalogue entry field ") + f.key + " has a bad value: " + it->dump(),
                        std::string("$.") + f.key);
  }
  return true;
}

Result<CatalogUpdate> update_catalog(std::string_view catalog_text, const Json& entry, bool replace) {
  auto valid = validate_catalog_entry(entry);
  if (!valid) return valid.error();
  Json doc = Json::array();
  bool wrapped = false;
  if (catalog_text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    auto parsed = parse_lenient_json(catalog_text, codes::kBadOptions);
    if (!parsed) return make_error(codes::kBadOptions, "the catalogue is not valid JSON: " + parsed.error().message, "$");
    doc = std::move(parsed.value());
    if (doc.is_object() && doc.contains("models") && doc["models"].is_array()) {
      wrapped = true;
    } else if (!doc.is_array()) {
      return make_error(codes::kBadOptions, "the catalogue must be a JSON array of models or {\"models\": [...]}", "$");
    }
  }
  Json& models = wrapped ? doc["models"] : doc;
  std::string action = "inserted";
  for (size_t i = 0; i < models.size(); ++i) {
    if (entry_id(models[i]) == entry_id(entry)) {
      if (!replace)
        return make_error(codes::kBadOptions,
                          "the catalogue already has id " + entry["id"].get<std::string>() + "; use --replace",
                          "$[" + std::to_string(i) + "].id");
      models.erase(models.begin() + static_cast<std::ptrdiff_t>(i));
      action = "replaced";
      break;
    }
  }
  models.push_back(entry);
  std::stable_sort(models.begin(), models.end(), [](const Json& a, const Json& b) {
    const double pa = entry_params(a), pb = entry_params(b);
    if (pa != pb) return pa < pb;
    return entry_id(a) < entry_id(b);
  });
  return CatalogUpdate{doc.dump(2) + "\n", action};
}

}  // namespace hfmi
