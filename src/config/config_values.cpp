#include "config/config_values.hpp"

#include <cmath>
#include <limits>

namespace hfmi {
namespace {

const char* kind_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::kCount: return "a non-negative integer";
    case FieldKind::kNumber: return "a number";
    case FieldKind::kBool: return "a boolean";
    case FieldKind::kString: return "a string";
    case FieldKind::kCountList: return "an array of non-negative integers";
    case FieldKind::kCountOrList: return "a non-negative integer or an array of them";
    case FieldKind::kCountOrPattern: return "a non-negative integer or a pattern string";
    case FieldKind::kStringList: return "an array of strings";
    case FieldKind::kObject: return "an object";
    case FieldKind::kArray: return "an array";
  }
  return "a value";
}

Error type_error(FieldKind kind, const Json& value, const std::string& path) {
  return make_error(codes::kBadConfig,
                    std::string("expected ") + kind_name(kind) + ", found " + value.type_name(), path);
}

}  // namespace

std::string json_path(const std::string& prefix, std::string_view key) {
  std::string p = prefix.empty() ? "$" : prefix;
  p += '.';
  p.append(key.data(), key.size());
  return p;
}

Result<int64_t> check_count(const Json& value, int64_t min, int64_t max, const std::string& path) {
  int64_t n = 0;
  if (value.is_boolean() || !value.is_number()) {
    return type_error(FieldKind::kCount, value, path);
  }
  if (value.is_number_unsigned()) {
    const uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(max)) {
      return make_error(codes::kBadConfig,
                        "value " + std::to_string(u) + " is above the limit " + std::to_string(max), path);
    }
    n = static_cast<int64_t>(u);
  } else if (value.is_number_integer()) {
    n = value.get<int64_t>();
  } else {
    const double d = value.get<double>();
    if (!std::isfinite(d)) return make_error(codes::kBadConfig, "expected a finite integer", path);
    if (d != std::floor(d)) {
      return make_error(codes::kBadConfig, "expected an integer, found the fraction " + value.dump(), path);
    }
    if (d < 0) return make_error(codes::kBadConfig, "must not be negative, found " + value.dump(), path);
    if (d > static_cast<double>(max)) {
      return make_error(codes::kBadConfig, "value " + value.dump() + " is above the limit " + std::to_string(max),
                        path);
    }
    n = static_cast<int64_t>(d);
  }
  if (n < 0) return make_error(codes::kBadConfig, "must not be negative, found " + std::to_string(n), path);
  if (n < min) {
    return make_error(codes::kBadConfig, "must be at least " + std::to_string(min) + ", found " + std::to_string(n),
                      path);
  }
  if (n > max) {
    return make_error(codes::kBadConfig,
                      "value " + std::to_string(n) + " is above the limit " + std::to_string(max), path);
  }
  return n;
}

Result<Json> check_field_value(const Json& value, FieldKind kind, int64_t min, int64_t max, const std::string& path) {
  switch (kind) {
    case FieldKind::kCount: {
      auto n = check_count(value, min, max, path);
      if (!n) return n.error();
      return Json(n.value());
    }
    case FieldKind::kNumber:
      if (value.is_boolean() || !value.is_number()) return type_error(kind, value, path);
      return value;
    case FieldKind::kBool:
      if (!value.is_boolean()) return type_error(kind, value, path);
      return value;
    case FieldKind::kString:
      if (!value.is_string()) return type_error(kind, value, path);
      return value;
    case FieldKind::kCountList: {
      if (!value.is_array()) return type_error(kind, value, path);
      Json out = Json::array();
      for (size_t i = 0; i < value.size(); ++i) {
        auto n = check_count(value[i], min, max, path + "[" + std::to_string(i) + "]");
        if (!n) return n.error();
        out.push_back(n.value());
      }
      return out;
    }
    case FieldKind::kCountOrList:
      if (value.is_array()) return check_field_value(value, FieldKind::kCountList, 0, max, path);
      return check_field_value(value, FieldKind::kCount, min, max, path);
    case FieldKind::kCountOrPattern:
      if (value.is_string()) return value;
      return check_field_value(value, FieldKind::kCount, min, max, path);
    case FieldKind::kStringList: {
      if (!value.is_array()) return type_error(kind, value, path);
      for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) {
          return type_error(FieldKind::kString, value[i], path + "[" + std::to_string(i) + "]");
        }
      }
      return value;
    }
    case FieldKind::kObject:
      if (!value.is_object()) return type_error(kind, value, path);
      return value;
    case FieldKind::kArray:
      if (!value.is_array()) return type_error(kind, value, path);
      return value;
  }
  return type_error(kind, value, path);
}

// `key`, or a dotted path into nested objects ("attn_config.alibi"); nullptr when absent.
static const Json* find_member(const Json& obj, std::string_view key) {
  const Json* cur = &obj;
  size_t pos = 0;
  while (true) {
    const size_t dot = key.find('.', pos);
    const std::string part(key.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
    if (!cur->is_object()) return nullptr;
    const auto it = cur->find(part);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string_view::npos) return cur;
    pos = dot + 1;
  }
}

Result<FieldValues> FieldValues::resolve(const Json& root, const Json* text, const std::string& text_prefix,
                                         const Dialect& dialect) {
  FieldValues out;
  out.text_prefix_ = text ? text_prefix : "$";
  const Json defaults = Json::parse(dialect.defaults_json, nullptr, /*allow_exceptions=*/false);
  if (!defaults.is_object()) {
    return make_error(codes::kInternal, std::string("bad defaults table for ") + dialect.family, "");
  }

  struct Scope {
    const Json* object;
    std::string prefix;
  };
  for (const FieldRule& rule : field_rules()) {
    std::vector<Scope> scopes;
    if (text) {
      scopes.push_back({text, text_prefix});
      if (rule.scope == FieldScope::kTextThenRoot) scopes.push_back({&root, "$"});
    } else {
      scopes.push_back({&root, "$"});
    }
    bool found = false;
    std::string null_path;
    for (const Scope& scope : scopes) {
      for (const char* key : rule.keys) {
        const Json* member = find_member(*scope.object, key);
        if (!member) continue;
        const Json* it = member;
        if (it->is_null()) {  // Python None: overrides the class default, like HF
          if (null_path.empty()) null_path = json_path(scope.prefix, key);
          continue;
        }
        const std::string path = json_path(scope.prefix, key);
        auto checked = check_field_value(*it, rule.kind, rule.min, rule.max, path);
        if (!checked) return checked.error();
        out.fields_[rule.name] = FieldValue{std::move(checked.value()), "config:" + path, path};
        found = true;
        break;
      }
      if (found) break;
    }
    if (found) continue;
    if (!null_path.empty()) {
      out.nulls_[rule.name] = null_path;
      continue;
    }
    for (const char* key : rule.keys) {
      const auto it = defaults.find(key);
      if (it == defaults.end() || it->is_null()) continue;
      auto checked = check_field_value(*it, rule.kind, rule.min, rule.max, std::string("default:") + key);
      if (!checked) return checked.error();
      out.fields_[rule.name] = FieldValue{std::move(checked.value()), std::string("default:") + dialect.defaults_class, ""};
      break;
    }
  }
  return out;
}

int64_t FieldValues::count(std::string_view name, int64_t fallback) const {
  const auto it = fields_.find(name);
  if (it == fields_.end() || !it->second.value.is_number_integer()) return fallback;
  return it->second.value.get<int64_t>();
}

double FieldValues::number(std::string_view name, double fallback) const {
  const auto it = fields_.find(name);
  if (it == fields_.end() || !it->second.value.is_number()) return fallback;
  return it->second.value.get<double>();
}

bool FieldValues::flag(std::string_view name, bool fallback) const {
  const auto it = fields_.find(name);
  if (it == fields_.end() || !it->second.value.is_boolean()) return fallback;
  return it->second.value.get<bool>();
}

std::string FieldValues::text(std::string_view name, const std::string& fallback) const {
  const auto it = fields_.find(name);
  if (it == fields_.end() || !it->second.value.is_string()) return fallback;
  return it->second.value.get<std::string>();
}

std::vector<int64_t> FieldValues::counts(std::string_view name) const {
  std::vector<int64_t> out;
  const auto it = fields_.find(name);
  if (it == fields_.end() || !it->second.value.is_array()) return out;
  for (const Json& v : it->second.value) {
    if (v.is_number_integer()) out.push_back(v.get<int64_t>());
  }
  return out;
}

std::vector<std::string> FieldValues::strings(std::string_view name) const {
  std::vector<std::string> out;
  const auto it = fields_.find(name);
  if (it == fields_.end() || !it->second.value.is_array()) return out;
  for (const Json& v : it->second.value) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

const Json* FieldValues::raw(std::string_view name) const {
  const auto it = fields_.find(name);
  return it == fields_.end() ? nullptr : &it->second.value;
}

std::string FieldValues::source(std::string_view name) const {
  const auto it = fields_.find(name);
  return it == fields_.end() ? std::string() : it->second.source;
}

std::string FieldValues::path(std::string_view name) const {
  const auto it = fields_.find(name);
  if (it != fields_.end() && !it->second.path.empty()) return it->second.path;
  const FieldRule* rule = find_field_rule(name);
  if (!rule || rule->keys.empty()) return text_prefix_;
  return json_path(text_prefix_, rule->keys.front());
}

}  // namespace hfmi
