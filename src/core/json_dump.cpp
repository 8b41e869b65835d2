#include "core/json_dump.hpp"

#include <charconv>
#include <cmath>

#include "core/double_text.hpp"
#include "core/json_value.hpp"
#include "core/number_text.hpp"  // append_hex
#include "core/utf8.hpp"

namespace hfmi {
namespace {

uint32_t code_point(std::string_view seq) {
  const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(seq[k])); };
  switch (seq.size()) {
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

void append_u_escape(std::string& out, uint32_t unit) {
  out += "\\u";
  append_hex(out, unit, 4);
}

template <class Int>
void append_integer(std::string& out, Int n) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
}

void dump_value(const Json& v, std::string& out, int indent, bool ensure_ascii, int level);

// One member or element a line when `indent` >= 0: the opening bracket, each item (`write_item`) on its line
// indented one level deeper, the closing bracket on its own line.
template <class Items, class WriteItem>
void dump_container(const Items& items, char open, char close, std::string& out, int indent, int level,
                    WriteItem write_item) {
  if (items.empty()) {
    out += open;
    out += close;
    return;
  }
  out += open;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += ',';
    first = false;
    if (indent >= 0) {
      out += '\n';
      out.append(static_cast<size_t>(indent) * static_cast<size_t>(level + 1), ' ');
    }
    write_item(item);
  }
  if (indent >= 0) {
    out += '\n';
    out.append(static_cast<size_t>(indent) * static_cast<size_t>(level), ' ');
  }
  out += close;
}

void dump_value(const Json& v, std::string& out, int indent, bool ensure_ascii, int level) {
  using T = Json::value_t;
  switch (v.type()) {
    case T::object:
      dump_container(v.items(), '{', '}', out, indent, level, [&](const Json::Member& m) {
        append_json_string(out, m.first, ensure_ascii);
        out += indent >= 0 ? ": " : ":";
        dump_value(m.second, out, indent, ensure_ascii, level + 1);
      });
      return;
    case T::array:
      dump_container(v, '[', ']', out, indent, level,
                     [&](const Json& e) { dump_value(e, out, indent, ensure_ascii, level + 1); });
      return;
    case T::string: append_json_string(out, v.get_ref<const std::string&>(), ensure_ascii); return;
    case T::boolean: out += v.get<bool>() ? "true" : "false"; return;
    case T::null: out += "null"; return;
    case T::number_integer: append_integer(out, v.get<int64_t>()); return;
    case T::number_unsigned: append_integer(out, v.get<uint64_t>()); return;
    case T::number_float: {
      const double d = v.get<double>();
      if (std::isfinite(d)) {
        append_shortest_double(out, d);
      } else {
        out += "null";
      }
      return;
    }
    case T::discarded: out += "<discarded>"; return;
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s, bool ensure_ascii) {
  out += '"';
  size_t plain = 0;  // the start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c == 0x7F && !ensure_ascii) {
      ++i;
      continue;
    }
    out.append(s, plain, i - plain);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: append_u_escape(out, c);  // other control characters, and DEL when ensure_ascii
      }
      plain = ++i;
      continue;
    }
    size_t valid_prefix = 0;
    const size_t len = utf8_sequence(s, i, valid_prefix);
    if (len == 0) {
      out += ensure_ascii ? "\\ufffd" : "\xEF\xBF\xBD";
      i += valid_prefix > 0 ? valid_prefix : 1;  // a byte that broke a started sequence is read again
    } else if (ensure_ascii) {
      const uint32_t cp = code_point(s.substr(i, len));
      if (cp <= 0xFFFF) {
        append_u_escape(out, cp);
      } else {
        append_u_escape(out, 0xD7C0 + (cp >> 10));
        append_u_escape(out, 0xDC00 + (cp & 0x3FF));
      }
      i += len;
    } else {
      out.append(s, i, len);
      i += len;
    }
    plain = i;
  }
  out.append(s, plain, std::string_view::npos);
  out += '"';
}

std::string Json::dump(int indent, char, bool ensure_ascii, error_handler_t) const {
  std::string out;
  dump_to(out, indent, ensure_ascii);
  return out;
}

void Json::dump_to(std::string& out, int indent, bool ensure_ascii) const {
  dump_value(*this, out, indent, ensure_ascii, 0);
}

}  // namespace hfmi
