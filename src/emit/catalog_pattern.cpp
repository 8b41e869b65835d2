#include "emit/catalog_pattern.hpp"

#include <string>
#include <vector>

namespace hfmi {
namespace {

// One atom of a branch: a set of accepted bytes, and how often it may repeat.
struct Atom {
  bool accepts[256] = {};
  size_t min = 1;
  size_t max = 1;  // SIZE_MAX = unbounded
};

struct Branch {
  bool anchored_begin = false;
  bool anchored_end = false;
  std::vector<Atom> atoms;
};

void add_escape_class(char e, bool* set) {
  for (int c = 0; c < 256; ++c) {
    const bool digit = c >= '0' && c <= '9';
    const bool word = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    bool in = false;
    switch (e) {
      case 'd': in = digit; break;
      case 'D': in = !digit; break;
      case 'w': in = word; break;
      case 'W': in = !word; break;
      case 's': in = space; break;
      case 'S': in = !space; break;
      default: in = static_cast<unsigned char>(e) == c; break;
    }
    if (in) set[c] = true;
  }
}

char escaped_literal(char e) {
  switch (e) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    default: return e;
  }
}

bool is_class_escape(char e) { return e == 'd' || e == 'D' || e == 'w' || e == 'W' || e == 's' || e == 'S'; }

// Parses one '|'-free branch; false when it uses something outside the subset.
bool parse_branch(std::string_view p, Branch& out) {
  size_t i = 0;
  if (i < p.size() && p[i] == '^') {
    out.anchored_begin = true;
    ++i;
  }
  while (i < p.size()) {
    const char c = p[i];
    if (c == '$' && i + 1 == p.size()) {
      out.anchored_end = true;
      return true;
    }
    if (c == '(' || c == ')' || c == '{' || c == '}' || c == '^' || c == '$' || c == '|') return false;
    if (c == '*' || c == '+' || c == '?') {
      if (out.atoms.empty()) return false;
      Atom& a = out.atoms.back();
      if (a.min != 1 || a.max != 1) return false;  // no stacked quantifiers
      a.min = c == '+' ? 1 : 0;
      a.max = c == '?' ? 1 : SIZE_MAX;
      ++i;
      continue;
    }
    Atom atom;
    if (c == '.') {
      for (int k = 0; k < 256; ++k) atom.accepts[k] = k != '\n' && k != '\r';
      ++i;
    } else if (c == '\\') {
      if (i + 1 >= p.size()) return false;
      const char e = p[i + 1];
      if (e >= '0' && e <= '9') return false;  // back-reference
      if (e == 'b' || e == 'B') return false;  // word boundary
      if (is_class_escape(e)) add_escape_class(e, atom.accepts);
      else atom.accepts[static_cast<unsigned char>(escaped_literal(e))] = true;
      i += 2;
    } else if (c == '[') {
      ++i;
      bool negate = false;
      if (i < p.size() && p[i] == '^') {
        negate = true;
        ++i;
      }
      bool set[256] = {};
      bool first = true;
      while (i < p.size() && (p[i] != ']' || first)) {
        first = false;
        unsigned char lo;
        if (p[i] == '\\') {
          if (i + 1 >= p.size()) return false;
          const char e = p[i + 1];
          i += 2;
          if (is_class_escape(e)) {
            add_escape_class(e, set);
            continue;
          }
          lo = static_cast<unsigned char>(escaped_literal(e));
        } else {
          lo = static_cast<unsigned char>(p[i++]);
        }
        unsigned char hi = lo;
        if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
          if (p[i + 1] == '\\') return false;
          hi = static_cast<unsigned char>(p[i + 1]);
          i += 2;
          if (hi < lo) return false;
        }
        for (int k = lo; k <= hi; ++k) set[k] = true;
      }
      if (i >= p.size()) return false;  // unterminated class
      ++i;                              // ']'
      for (int k = 0; k < 256; ++k) atom.accepts[k] = set[k] != negate;
    } else {
      atom.accepts[static_cast<unsigned char>(c)] = true;
      ++i;
    }
    out.atoms.push_back(atom);
  }
  return true;
}

bool parse_pattern(std::string_view pattern, std::vector<Branch>& branches) {
  size_t start = 0;
  for (size_t i = 0; i <= pattern.size(); ++i) {
    if (i < pattern.size() && pattern[i] == '\\') {
      ++i;
      continue;
    }
    if (i < pattern.size() && pattern[i] == '[') {  // '|' inside a class is a literal
      while (i < pattern.size() && pattern[i] != ']') i += pattern[i] == '\\' ? 2 : 1;
      continue;
    }
    if (i == pattern.size() || pattern[i] == '|') {
      Branch b;
      if (!parse_branch(pattern.substr(start, i - start), b)) return false;
      branches.push_back(std::move(b));
      start = i + 1;
    }
  }
  return true;
}

// Matches atoms[k..] against text[pos..]. Iterative over positions with a reachable-set, so the
// time is O(atoms x text) whatever the pattern (no exponential backtracking).
bool match_from(const Branch& b, std::string_view text, size_t pos) {
  const size_t n = b.atoms.size();
  // reach[k] = atoms[0..k) consumed and we are at the current position.
  std::vector<char> reach(n + 1, 0), next(n + 1, 0);
  auto close = [&](std::vector<char>& r) {  // skip atoms that may match zero times
    for (size_t k = 0; k < n; ++k)
      if (r[k] && b.atoms[k].min == 0) r[k + 1] = 1;
  };
  reach[0] = 1;
  close(reach);
  for (size_t i = pos;; ++i) {
    if (reach[n] && (!b.anchored_end || i == text.size())) return true;
    if (i >= text.size()) return false;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (size_t k = 0; k < n; ++k) {
      if (!reach[k] || !b.atoms[k].accepts[c]) continue;
      any = true;
      if (b.atoms[k].max == SIZE_MAX) next[k] = 1;  // may repeat
      next[k + 1] = 1;
    }
    // A repeated atom at k stays reachable as "inside k": modelled by next[k] = 1 above (k consumed
    // at least once when min == 1 is satisfied by this byte).
    if (!any) return false;
    close(next);
    reach.swap(next);
  }
}

}  // namespace

bool pattern_supported(std::string_view pattern) {
  std::vector<Branch> branches;
  return parse_pattern(pattern, branches);
}

bool pattern_matches(std::string_view pattern, std::string_view text) {
  std::vector<Branch> branches;
  if (!parse_pattern(pattern, branches)) return false;
  for (const Branch& b : branches) {
    if (b.anchored_begin) {
      if (match_from(b, text, 0)) return true;
      continue;
    }
    for (size_t start = 0; start <= text.size(); ++start)
      if (match_from(b, text, start)) return true;
  }
  return false;
}

}  // namespace hfmi
