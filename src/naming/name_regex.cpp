#include "naming/name_regex.hpp"

namespace hfmi {

// Parses the pattern into a tree, then lays the tree out as VM instructions. Both recurse on the
// pattern's group nesting (at most kMaxGroupNesting), never on the input.
class NameRegexCompiler {
 public:
  NameRegexCompiler(std::string_view p, NameRegex& out) : p_(p), re_(out) {}

  bool run(std::string* error) {
    if (p_.size() > NameRegex::kMaxPatternBytes) return fail("pattern longer than kMaxPatternBytes", error);
    if (!p_.empty() && p_.front() == '^') ++i_;
    Node root;
    if (!alternation(0, root)) return fail(error_, error);
    if (i_ < p_.size()) return fail("unbalanced ')' at offset " + std::to_string(i_), error);
    generate(root);
    emit({NameRegex::Op::kMatch});
    return true;
  }

 private:
  using Op = NameRegex::Op;
  enum class Kind { kChar, kAny, kClass, kSeq, kAlt, kStar, kPlus, kOpt, kGroup };
  struct Node {
    Kind kind = Kind::kSeq;
    unsigned char c = 0;
    size_t index = 0;  // class index, or group slot
    bool capture = false;
    std::vector<Node> kids;
  };

  std::string_view p_;
  NameRegex& re_;
  size_t i_ = 0;
  std::string error_;

  static bool fail(const std::string& why, std::string* error) {
    if (error) *error = why;
    return false;
  }
  bool bad(const std::string& why) {
    error_ = why + " at offset " + std::to_string(i_);
    return false;
  }

  bool alternation(size_t depth, Node& out) {
    Node first;
    if (!sequence(depth, first)) return false;
    if (i_ >= p_.size() || p_[i_] != '|') {
      out = std::move(first);
      return true;
    }
    out.kind = Kind::kAlt;
    out.kids.push_back(std::move(first));
    while (i_ < p_.size() && p_[i_] == '|') {
      ++i_;
      Node next;
      if (!sequence(depth, next)) return false;
      out.kids.push_back(std::move(next));
    }
    return true;
  }

  bool sequence(size_t depth, Node& out) {
    out.kind = Kind::kSeq;
    while (i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      if (p_[i_] == '$' && i_ + 1 == p_.size()) {
        ++i_;
        continue;
      }
      Node a;
      if (!atom(depth, a)) return false;
      if (i_ < p_.size() && (p_[i_] == '*' || p_[i_] == '+' || p_[i_] == '?')) {
        const char q = p_[i_++];
        if (i_ < p_.size() && (p_[i_] == '?' || p_[i_] == '+')) return bad("lazy or possessive quantifiers are not supported");
        Node r;
        r.kind = q == '*' ? Kind::kStar : q == '+' ? Kind::kPlus : Kind::kOpt;
        r.kids.push_back(std::move(a));
        a = std::move(r);
      } else if (i_ < p_.size() && p_[i_] == '{') {
        return bad("counted repetition {n,m} is not supported");
      }
      out.kids.push_back(std::move(a));
    }
    return true;
  }

  // Character classes (and the matcher's failed states) are byte vectors, never std::vector<bool>: its bit
  // iterators (copy, fill, resize) cost the browser core about 1 KB gzip of code for a few hundred bytes of memory.
  static void add_escape_class(char e, std::vector<uint8_t>& cls) {
    for (int c = 0; c < 256; ++c) {
      const bool digit = c >= '0' && c <= '9';
      const bool word = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      const bool space = c == ' ' || (c >= '\t' && c <= '\r');
      if ((e == 'd' && digit) || (e == 'w' && word) || (e == 's' && space)) cls[static_cast<size_t>(c)] = true;
    }
  }

  bool class_node(std::vector<uint8_t> cls, Node& out) {
    re_.classes_.push_back(std::move(cls));
    out.kind = Kind::kClass;
    out.index = re_.classes_.size() - 1;
    return true;
  }

  bool escape_atom(Node& out) {
    if (i_ + 1 >= p_.size()) return bad("trailing backslash");
    const char e = p_[i_ + 1];
    if (e == 'd' || e == 'w' || e == 's') {
      i_ += 2;
      std::vector<uint8_t> cls(256, false);
      add_escape_class(e, cls);
      return class_node(std::move(cls), out);
    }
    if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) {
      return bad(std::string("escape \\") + e + " is not supported");
    }
    i_ += 2;
    out.kind = Kind::kChar;
    out.c = static_cast<unsigned char>(e);
    return true;
  }

  bool class_atom(Node& out) {
    ++i_;  // '['
    std::vector<uint8_t> cls(256, false);
    bool negate = false;
    if (i_ < p_.size() && p_[i_] == '^') {
      negate = true;
      ++i_;
    }
    bool first = true;
    while (i_ < p_.size() && (p_[i_] != ']' || first)) {
      first = false;
      unsigned char lo = static_cast<unsigned char>(p_[i_]);
      if (lo == '\\') {
        if (i_ + 1 >= p_.size()) return bad("unterminated class");
        const char e = p_[i_ + 1];
        i_ += 2;
        if (e == 'd' || e == 'w' || e == 's') {
          add_escape_class(e, cls);
          continue;
        }
        lo = static_cast<unsigned char>(e);
      } else {
        ++i_;
      }
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        const unsigned char hi = static_cast<unsigned char>(p_[i_ + 1]);
        i_ += 2;
        if (hi < lo) return bad("reversed class range");
        for (unsigned c = lo; c <= hi; ++c) cls[c] = true;
      } else {
        cls[lo] = true;
      }
    }
    if (i_ >= p_.size()) return bad("unterminated class");
    ++i_;  // ']'
    if (negate)
      for (uint8_t& in_class : cls) in_class = !in_class;
    return class_node(std::move(cls), out);
  }

  bool group_atom(size_t depth, Node& out) {
    if (depth + 1 > NameRegex::kMaxGroupNesting) return bad("groups nested deeper than kMaxGroupNesting");
    ++i_;  // '('
    out.kind = Kind::kGroup;
    out.capture = true;
    std::string name;
    if (i_ < p_.size() && p_[i_] == '?') {
      if (p_.compare(i_, 3, "?P<") == 0) {
        const size_t close = p_.find('>', i_ + 3);
        if (close == std::string_view::npos) return bad("unterminated group name");
        name = std::string(p_.substr(i_ + 3, close - i_ - 3));
        i_ = close + 1;
      } else if (p_.compare(i_, 2, "?:") == 0) {
        out.capture = false;
        i_ += 2;
      } else {
        return bad("this group kind is not supported");
      }
    }
    if (out.capture) {
      out.index = re_.group_names_.size();
      re_.group_names_.push_back(name);
    }
    Node body;
    if (!alternation(depth + 1, body)) return false;
    if (i_ >= p_.size() || p_[i_] != ')') return bad("unbalanced '('");
    ++i_;
    out.kids.push_back(std::move(body));
    return true;
  }

  bool atom(size_t depth, Node& out) {
    const char c = p_[i_];
    switch (c) {
      case '\\': return escape_atom(out);
      case '[': return class_atom(out);
      case '(': return group_atom(depth, out);
      case '.':
        ++i_;
        out.kind = Kind::kAny;
        return true;
      case '*':
      case '+':
      case '?':
      case '{': return bad("nothing to repeat");
      case '^':
      case '$': return bad("anchors are supported only at the ends");
      default:
        ++i_;
        out.kind = Kind::kChar;
        out.c = static_cast<unsigned char>(c);
        return true;
    }
  }

  size_t emit(NameRegex::Inst inst) {
    re_.program_.push_back(inst);
    return re_.program_.size() - 1;
  }
  size_t here() const { return re_.program_.size(); }

  void generate(const Node& n) {
    auto& prog = re_.program_;
    switch (n.kind) {
      case Kind::kChar: emit({Op::kChar, n.c}); return;
      case Kind::kAny: emit({Op::kAny}); return;
      case Kind::kClass: emit({Op::kClass, 0, n.index}); return;
      case Kind::kSeq:
        for (const auto& k : n.kids) generate(k);
        return;
      case Kind::kAlt: {
        std::vector<size_t> jumps;
        for (size_t k = 0; k < n.kids.size(); ++k) {
          if (k + 1 == n.kids.size()) {
            generate(n.kids[k]);
            break;
          }
          const size_t split = emit({Op::kSplit});
          prog[split].x = here();
          generate(n.kids[k]);
          jumps.push_back(emit({Op::kJmp}));
          prog[split].y = here();
        }
        for (size_t j : jumps) prog[j].x = here();
        return;
      }
      case Kind::kStar: {
        const size_t split = emit({Op::kSplit});
        prog[split].x = here();
        generate(n.kids[0]);
        const size_t jmp = emit({Op::kJmp});
        prog[jmp].x = split;
        prog[split].y = here();
        return;
      }
      case Kind::kPlus: {
        const size_t loop = here();
        generate(n.kids[0]);
        const size_t split = emit({Op::kSplit});
        prog[split].x = loop;
        prog[split].y = here();
        return;
      }
      case Kind::kOpt: {
        const size_t split = emit({Op::kSplit});
        prog[split].x = here();
        generate(n.kids[0]);
        prog[split].y = here();
        return;
      }
      case Kind::kGroup:
        if (n.capture) emit({Op::kSave, 0, 2 * n.index});
        generate(n.kids[0]);
        if (n.capture) emit({Op::kSave, 0, 2 * n.index + 1});
        return;
    }
  }
};

std::optional<NameRegex> NameRegex::compile(std::string_view pattern, std::string* error) {
  NameRegex re;
  NameRegexCompiler compiler(pattern, re);
  if (!compiler.run(error)) return std::nullopt;
  return re;
}

bool NameRegex::match(std::string_view input, std::vector<std::string>* groups) const {
  if (input.size() > kMaxInputBytes || program_.empty()) return false;
  const size_t n = input.size() + 1;
  std::vector<uint8_t> failed(program_.size() * n, false);  // (pc, sp) states known to fail
  std::vector<size_t> saves(2 * group_names_.size(), SIZE_MAX);
  struct Frame {
    size_t pc, sp;
    size_t restore_slot;  // SIZE_MAX: a branch to try; else a capture slot to restore to restore_value
    size_t restore_value;
  };
  std::vector<Frame> stack{{0, 0, SIZE_MAX, 0}};
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    if (f.restore_slot != SIZE_MAX) {
      saves[f.restore_slot] = f.restore_value;
      continue;
    }
    size_t pc = f.pc, sp = f.sp;
    while (true) {
      if (failed[pc * n + sp]) break;
      failed[pc * n + sp] = true;  // reaching it again can only fail the same way
      const Inst& in = program_[pc];
      bool ok = true;
      switch (in.op) {
        case Op::kChar:
          ok = sp < input.size() && static_cast<unsigned char>(input[sp]) == in.c;
          ++pc, ++sp;
          break;
        case Op::kAny:
          ok = sp < input.size();
          ++pc, ++sp;
          break;
        case Op::kClass:
          ok = sp < input.size() && classes_[in.x][static_cast<unsigned char>(input[sp])];
          ++pc, ++sp;
          break;
        case Op::kSplit:
          stack.push_back({in.y, sp, SIZE_MAX, 0});
          pc = in.x;
          break;
        case Op::kJmp: pc = in.x; break;
        case Op::kSave:
          stack.push_back({0, 0, in.x, saves[in.x]});
          saves[in.x] = sp;
          ++pc;
          break;
        case Op::kMatch:
          if (sp != input.size()) {
            ok = false;
            break;
          }
          if (groups) {
            groups->assign(group_names_.size(), "");
            for (size_t g = 0; g < group_names_.size(); ++g) {
              const size_t b = saves[2 * g], e = saves[2 * g + 1];
              if (b != SIZE_MAX && e != SIZE_MAX && b <= e) (*groups)[g] = std::string(input.substr(b, e - b));
            }
          }
          return true;
      }
      if (!ok) break;
    }
  }
  return false;
}

}  // namespace hfmi
