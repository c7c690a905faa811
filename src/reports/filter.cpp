// The --where filter language: tokenizer, recursive-descent parser, flat AST, evaluator.
#include "dsocore/reports/filter.hpp"

#include <algorithm>
#include <cctype>

#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

const char* to_string(FieldType t) noexcept {
    switch (t) {
    case FieldType::text: return "text";
    case FieldType::number: return "number";
    case FieldType::date: return "date";
    case FieldType::boolean: return "boolean";
    }
    return "";
}

// --- FieldResolver -------------------------------------------------------------------

void FieldResolver::add(std::string name, Field field) {
    for (auto& [n, f] : fields_)
        if (n == name) {
            f = std::move(field);
            return;
        }
    fields_.emplace_back(std::move(name), std::move(field));
}

const Field* FieldResolver::find(std::string_view name) const noexcept {
    for (const auto& [n, f] : fields_)
        if (n == name) return &f;
    return nullptr;
}

std::vector<std::string> FieldResolver::names() const {
    std::vector<std::string> v;
    v.reserve(fields_.size());
    for (const auto& [n, f] : fields_) v.push_back(n);
    return v;
}

// --- the compiled program --------------------------------------------------------------

namespace {

enum class Op : std::uint8_t { eq, ne, lt, le, gt, ge };

const char* op_text(Op o) {
    switch (o) {
    case Op::eq: return "=";
    case Op::ne: return "!=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    }
    return "";
}

/// How two operands are compared, decided at compile time.
enum class CmpKind : std::uint8_t {
    text,           ///< bytewise
    number,         ///< exact rationals
    date,           ///< day numbers
    boolean,        ///< = / != only
    emptiness,      ///< number/date field against '': = is "absent", != is "present"
    text_as_number, ///< text field against a number: the text read as a decimal (absent if not one)
};

enum class NodeKind : std::uint8_t { or_, and_, not_, cmp, truth };

struct Operand {
    bool is_field = false;
    std::uint32_t index = 0; ///< field slot or literal slot
};

struct Node {
    NodeKind kind{};
    Op op = Op::eq;
    CmpKind cmp = CmpKind::text;
    Operand lhs, rhs;              ///< cmp; truth uses lhs (a boolean field)
    std::uint32_t first = 0, count = 0; ///< or/and/not: children in Program::kids
};

int compare_ratio(i128 an, i128 ad, i128 bn, i128 bd) {
    i128 x, y;
    if (!__builtin_mul_overflow(an, bd, &x) && !__builtin_mul_overflow(bn, ad, &y)) return x < y ? -1 : (x > y ? 1 : 0);
    const Int256 X = Int256(an) * Int256(bd), Y = Int256(bn) * Int256(ad);
    return X < Y ? -1 : (X > Y ? 1 : 0);
}

/// A decimal read from text (^[+-]?[0-9]+(\.[0-9]+)?$, at most 30 digits); false otherwise.
bool parse_decimal(std::string_view s, i128& num, i128& den) {
    std::size_t p = 0;
    bool neg = false;
    if (p < s.size() && (s[p] == '+' || s[p] == '-')) neg = s[p++] == '-';
    num = 0;
    den = 1;
    int digits = 0, frac = -1;
    for (; p < s.size(); ++p) {
        const char c = s[p];
        if (c == '.') {
            if (frac >= 0 || digits == 0) return false;
            frac = 0;
            continue;
        }
        if (c < '0' || c > '9') return false;
        if (++digits > 30) return false;
        num = num * 10 + (c - '0');
        if (frac >= 0) {
            ++frac;
            den *= 10;
        }
    }
    if (digits == 0 || frac == 0) return false;
    if (neg) num = -num;
    return true;
}

bool apply_op(Op op, int c) {
    switch (op) {
    case Op::eq: return c == 0;
    case Op::ne: return c != 0;
    case Op::lt: return c < 0;
    case Op::le: return c <= 0;
    case Op::gt: return c > 0;
    case Op::ge: return c >= 0;
    }
    return false;
}

} // namespace

struct Filter::Program {
    std::string text;
    std::vector<Field> fields;                     ///< fields used, by slot
    std::vector<FieldValue> literals;              ///< literal values, by slot
    std::vector<std::unique_ptr<std::string>> own; ///< storage of literal texts
    std::vector<Node> nodes;
    std::vector<std::uint32_t> kids;
    std::uint32_t root = 0;
    bool item_scope = false;

    FieldValue operand(const Operand& o, const FilterRow& row) const {
        return o.is_field ? fields[o.index].get(row) : literals[o.index];
    }

    bool compare(const Node& n, const FilterRow& row) const {
        const FieldValue a = operand(n.lhs, row);
        const FieldValue b = operand(n.rhs, row);
        if (n.cmp == CmpKind::emptiness) {
            const bool absent = n.lhs.is_field ? !a.present : !b.present;
            return n.op == Op::eq ? absent : !absent;
        }
        // An absent value satisfies no comparison but !=, which is `not =`.
        if (!a.present || !b.present) return n.op == Op::ne;
        int c = 0;
        switch (n.cmp) {
        case CmpKind::text: c = a.text.compare(b.text); break;
        case CmpKind::number: c = compare_ratio(a.num, a.den, b.num, b.den); break;
        case CmpKind::date: c = a.day < b.day ? -1 : (a.day > b.day ? 1 : 0); break;
        case CmpKind::boolean: c = a.flag == b.flag ? 0 : 1; break;
        case CmpKind::text_as_number: {
            i128 an = a.num, ad = a.den, bn = b.num, bd = b.den;
            if (n.lhs.is_field && !parse_decimal(a.text, an, ad)) return n.op == Op::ne;
            if (n.rhs.is_field && !parse_decimal(b.text, bn, bd)) return n.op == Op::ne;
            c = compare_ratio(an, ad, bn, bd);
            break;
        }
        case CmpKind::emptiness: break;
        }
        return apply_op(n.op, c);
    }

    bool eval(std::uint32_t k, const FilterRow& row) const {
        const Node& n = nodes[k];
        switch (n.kind) {
        case NodeKind::or_:
            for (std::uint32_t j = 0; j < n.count; ++j)
                if (eval(kids[n.first + j], row)) return true;
            return false;
        case NodeKind::and_:
            for (std::uint32_t j = 0; j < n.count; ++j)
                if (!eval(kids[n.first + j], row)) return false;
            return true;
        case NodeKind::not_: return !eval(kids[n.first], row);
        case NodeKind::cmp: return compare(n, row);
        case NodeKind::truth: {
            const FieldValue v = fields[n.lhs.index].get(row);
            return v.present && v.flag;
        }
        }
        return false;
    }
};

// --- tokenizer and parser ---------------------------------------------------------------

namespace {

enum class Tok : std::uint8_t { end, ident, string, number, lparen, rparen, comma, op };

struct Token {
    Tok kind = Tok::end;
    std::size_t pos = 0;   ///< byte offset
    std::string_view raw;  ///< as written
    std::string value;     ///< string: unquoted content
    Op op = Op::eq;
};

bool ieq(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (x != b[i]) return false;
    }
    return true;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

bool is_keyword(std::string_view s) {
    for (std::string_view k : {"and", "or", "not", "in", "true", "false"})
        if (ieq(s, k)) return true;
    return false;
}

std::string describe(const Token& t) {
    switch (t.kind) {
    case Tok::end: return "the end of the expression";
    case Tok::string: return "'" + t.value + "'";
    default: return "'" + std::string(t.raw) + "'";
    }
}

class Parser {
public:
    Parser(std::string_view text, const FieldResolver& fields, Filter::Program& prog)
        : text_(text), fields_(fields), p_(prog) {}

    void run() {
        tokenize();
        p_.root = parse_or();
        if (peek().kind != Tok::end) {
            if (peek().kind == Tok::rparen) fail(peek(), "unbalanced ')'; expected 'and', 'or' or the end of the expression");
            fail(peek(), "expected 'and', 'or' or the end of the expression, found " + describe(peek()));
        }
    }

private:
    std::string_view text_;
    const FieldResolver& fields_;
    Filter::Program& p_;
    std::vector<Token> toks_;
    std::size_t at_ = 0;
    std::vector<std::string> slot_names_;

    /// 1-based character column of a byte offset (UTF-8 continuation bytes do not count).
    std::size_t column(std::size_t pos) const {
        std::size_t col = 1;
        for (std::size_t i = 0; i < pos && i < text_.size(); ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
        return col;
    }

    [[noreturn]] void fail_at(std::size_t pos, const std::string& what) const {
        const std::size_t col = column(pos);
        std::string msg = "filter, column " + std::to_string(col) + ": " + what + "\n  " + std::string(text_) + "\n  ";
        msg.append(col - 1, ' ');
        msg += '^';
        throw Error(Errc::invalid_argument, msg);
    }
    [[noreturn]] void fail(const Token& t, const std::string& what) const { fail_at(t.pos, what); }

    void tokenize() {
        std::size_t i = 0;
        const std::size_t n = text_.size();
        auto digit = [](char c) { return c >= '0' && c <= '9'; };
        while (true) {
            while (i < n && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r')) ++i;
            Token t;
            t.pos = i;
            if (i >= n) {
                t.kind = Tok::end;
                toks_.push_back(std::move(t));
                return;
            }
            const char c = text_[i];
            if (c == '(' || c == ')' || c == ',') {
                t.kind = c == '(' ? Tok::lparen : (c == ')' ? Tok::rparen : Tok::comma);
                t.raw = text_.substr(i, 1);
                ++i;
            } else if (c == '\'') {
                // 'text', a quote inside doubled: 'O''Brien'
                std::size_t j = i + 1;
                std::string v;
                while (true) {
                    if (j >= n) fail_at(i, "unterminated string; expected a closing quote '");
                    if (text_[j] == '\'') {
                        if (j + 1 < n && text_[j + 1] == '\'') {
                            v += '\'';
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    v += text_[j++];
                }
                t.kind = Tok::string;
                t.raw = text_.substr(i, j + 1 - i);
                t.value = std::move(v);
                i = j + 1;
            } else if (digit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < n && digit(text_[i + 1]))) {
                std::size_t j = i;
                if (text_[j] == '-' || text_[j] == '+') ++j;
                while (j < n && (digit(text_[j]) || text_[j] == '.')) ++j;
                t.kind = Tok::number;
                t.raw = text_.substr(i, j - i);
                i128 num, den;
                if (!parse_decimal(t.raw, num, den))
                    fail_at(i, "bad number '" + std::string(t.raw) +
                                   "'; expected digits with an optional sign and decimal point (e.g. 1500, -2.5), at most 30 digits");
                if (j < n && (std::isalpha(static_cast<unsigned char>(text_[j])) || text_[j] == '_'))
                    fail_at(j, "unexpected '" + std::string(1, text_[j]) + "' after the number " + std::string(t.raw));
                i = j;
            } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                std::size_t j = i;
                while (j < n && (std::isalnum(static_cast<unsigned char>(text_[j])) || text_[j] == '_')) ++j;
                t.kind = Tok::ident;
                t.raw = text_.substr(i, j - i);
                i = j;
            } else if (c == '=' || c == '<' || c == '>' || c == '!') {
                t.kind = Tok::op;
                const char d = i + 1 < n ? text_[i + 1] : '\0';
                std::size_t len = 1;
                if (c == '=') t.op = Op::eq;
                else if (c == '<' && d == '=') t.op = Op::le, len = 2;
                else if (c == '<' && d == '>') t.op = Op::ne, len = 2;
                else if (c == '<') t.op = Op::lt;
                else if (c == '>' && d == '=') t.op = Op::ge, len = 2;
                else if (c == '>') t.op = Op::gt;
                else if (c == '!' && d == '=') t.op = Op::ne, len = 2;
                else fail_at(i, "unexpected '!'; expected '!=' (not equal)");
                if (c == '=' && d == '=') fail_at(i, "unexpected '=='; expected '=' (equality is a single =)");
                t.raw = text_.substr(i, len);
                i += len;
            } else if (c == '"') {
                fail_at(i, "unexpected '\"'; strings are written in single quotes: 'text'");
            } else {
                std::size_t len = 1;
                const auto uc = static_cast<unsigned char>(c);
                if (uc >= 0xC0) {
                    while (i + len < n && (static_cast<unsigned char>(text_[i + len]) & 0xC0) == 0x80) ++len;
                }
                fail_at(i, "unexpected character '" + std::string(text_.substr(i, len)) +
                               "'; expected a field, a value, an operator (= != < <= > >= in), and, or, not or a parenthesis");
            }
            toks_.push_back(std::move(t));
        }
    }

    const Token& peek() const { return toks_[at_]; }
    const Token& next() { return toks_[at_++]; }
    bool is_kw(const Token& t, std::string_view k) const { return t.kind == Tok::ident && ieq(t.raw, k); }

    std::uint32_t add_node(Node n) {
        p_.nodes.push_back(n);
        return static_cast<std::uint32_t>(p_.nodes.size() - 1);
    }
    std::uint32_t add_list(NodeKind kind, const std::vector<std::uint32_t>& children) {
        if (children.size() == 1) return children[0];
        Node n;
        n.kind = kind;
        n.first = static_cast<std::uint32_t>(p_.kids.size());
        n.count = static_cast<std::uint32_t>(children.size());
        p_.kids.insert(p_.kids.end(), children.begin(), children.end());
        return add_node(n);
    }

    std::uint32_t parse_or() {
        std::vector<std::uint32_t> parts{parse_and()};
        while (is_kw(peek(), "or")) {
            next();
            parts.push_back(parse_and());
        }
        return add_list(NodeKind::or_, parts);
    }
    std::uint32_t parse_and() {
        std::vector<std::uint32_t> parts{parse_not()};
        while (is_kw(peek(), "and")) {
            next();
            parts.push_back(parse_not());
        }
        return add_list(NodeKind::and_, parts);
    }
    std::uint32_t parse_not() {
        if (is_kw(peek(), "not")) {
            next();
            const std::uint32_t child = parse_not();
            Node n;
            n.kind = NodeKind::not_;
            n.first = static_cast<std::uint32_t>(p_.kids.size());
            n.count = 1;
            p_.kids.push_back(child);
            return add_node(n);
        }
        return parse_primary();
    }

    struct Parsed {
        Operand operand;
        FieldType type = FieldType::text; ///< field type, or literal kind
        enum Lit : std::uint8_t { none, string, number, boolean } lit = none;
        const Token* tok = nullptr;
        std::string name; ///< field name
    };

    Parsed parse_operand(const char* after) {
        const Token& t = peek();
        Parsed r;
        r.tok = &t;
        if (t.kind == Tok::ident && !is_keyword(t.raw)) {
            next();
            const Field* f = fields_.find(t.raw);
            if (!f) {
                std::string names, best;
                std::size_t best_d = 3; // suggest a name at most 2 edits away
                for (const auto& nm : fields_.names()) {
                    names += (names.empty() ? "" : ", ") + nm;
                    const std::size_t d = edit_distance(t.raw, nm);
                    if (d < best_d) best_d = d, best = nm;
                }
                fail(t, "unknown field '" + std::string(t.raw) + "'" +
                            (best.empty() ? std::string() : " (did you mean " + best + "?)") +
                            "; expected one of: " + names);
            }
            r.operand.is_field = true;
            r.operand.index = field_slot(std::string(t.raw), *f);
            r.type = f->type;
            r.name = std::string(t.raw);
            return r;
        }
        if (t.kind == Tok::string) {
            next();
            r.lit = Parsed::string;
            return r;
        }
        if (t.kind == Tok::number) {
            next();
            r.lit = Parsed::number;
            return r;
        }
        if (is_kw(t, "true") || is_kw(t, "false")) {
            next();
            r.lit = Parsed::boolean;
            return r;
        }
        if (after) fail(t, std::string("expected a value (a 'quoted string', a number, true, false or a field) after ") +
                               after + ", found " + describe(t));
        fail(t, "expected a field name, 'not' or '(', found " + describe(t));
    }

    std::uint32_t field_slot(const std::string& name, const Field& f) {
        for (std::size_t k = 0; k < slot_names_.size(); ++k)
            if (slot_names_[k] == name) return static_cast<std::uint32_t>(k);
        slot_names_.push_back(name);
        p_.fields.push_back(f);
        if (f.scope == FieldScope::item) p_.item_scope = true;
        return static_cast<std::uint32_t>(p_.fields.size() - 1);
    }

    std::uint32_t literal_slot(FieldValue v) {
        p_.literals.push_back(v);
        return static_cast<std::uint32_t>(p_.literals.size() - 1);
    }

    /// Types a literal against the field it is compared with; returns the comparison kind.
    CmpKind bind_literal(const Parsed& field, Parsed& lit, Op op, const Token& op_tok) {
        const Token& t = *lit.tok;
        const std::string who = "field " + field.name + " is " +
                                (field.type == FieldType::text ? "text" : std::string("a ") + to_string(field.type));
        FieldValue v;
        CmpKind kind = CmpKind::text;
        auto needs_eq = [&](const char* what) {
            if (op != Op::eq && op != Op::ne)
                fail(op_tok, std::string("'") + op_text(op) + "' cannot be used with " + what + "; expected = or !=");
        };
        switch (field.type) {
        case FieldType::text:
            if (lit.lit == Parsed::string) {
                p_.own.push_back(std::make_unique<std::string>(t.value));
                v = FieldValue::of_text(*p_.own.back());
                kind = CmpKind::text;
            } else if (lit.lit == Parsed::number) {
                parse_decimal(t.raw, v.num, v.den);
                kind = CmpKind::text_as_number;
            } else {
                fail(t, who + ": expected a 'quoted string' or a number, found " + describe(t));
            }
            break;
        case FieldType::number:
            if (lit.lit == Parsed::number) {
                parse_decimal(t.raw, v.num, v.den);
                kind = CmpKind::number;
            } else if (lit.lit == Parsed::string && t.value.empty()) {
                needs_eq("'' (empty)");
                kind = CmpKind::emptiness;
            } else {
                fail(t, who + ": expected a number such as 1500 or -2.5 (or '' for empty), found " + describe(t));
            }
            break;
        case FieldType::date:
            if (lit.lit == Parsed::string && t.value.empty()) {
                needs_eq("'' (empty)");
                kind = CmpKind::emptiness;
            } else if (lit.lit == Parsed::string) {
                const auto d = Date::parse(t.value);
                if (!d) fail(t, who + ": expected a date 'YYYY-MM-DD', found " + describe(t));
                v = FieldValue::of_date(d->days());
                kind = CmpKind::date;
            } else {
                fail(t, who + ": expected a date 'YYYY-MM-DD' (quoted) or '' for empty, found " + describe(t));
            }
            break;
        case FieldType::boolean:
            if (lit.lit == Parsed::boolean) {
                needs_eq("a boolean");
                v = FieldValue::of_bool(ieq(t.raw, "true"));
                kind = CmpKind::boolean;
            } else if (lit.lit == Parsed::string && t.value.empty()) {
                needs_eq("'' (empty)");
                kind = CmpKind::emptiness;
            } else {
                fail(t, who + ": expected true or false, found " + describe(t));
            }
            break;
        }
        lit.operand.is_field = false;
        lit.operand.index = literal_slot(v);
        return kind;
    }

    std::uint32_t make_cmp(Parsed& a, Op op, Parsed& b, const Token& op_tok) {
        Node n;
        n.kind = NodeKind::cmp;
        n.op = op;
        const bool fa = a.lit == Parsed::none, fb = b.lit == Parsed::none;
        if (fa && fb) {
            if (a.type != b.type)
                fail(op_tok, "cannot compare " + a.name + " (" + to_string(a.type) + ") with " + b.name + " (" +
                                 to_string(b.type) + "); expected fields of the same type");
            switch (a.type) {
            case FieldType::text: n.cmp = CmpKind::text; break;
            case FieldType::number: n.cmp = CmpKind::number; break;
            case FieldType::date: n.cmp = CmpKind::date; break;
            case FieldType::boolean:
                if (op != Op::eq && op != Op::ne)
                    fail(op_tok, std::string("'") + op_text(op) + "' cannot be used with booleans; expected = or !=");
                n.cmp = CmpKind::boolean;
                break;
            }
        } else if (fa) {
            n.cmp = bind_literal(a, b, op, op_tok);
        } else if (fb) {
            n.cmp = bind_literal(b, a, op, op_tok);
        } else {
            fail(*a.tok, "a comparison needs a field on one side; expected a field name, found " + describe(*a.tok));
        }
        n.lhs = a.operand;
        n.rhs = b.operand;
        return add_node(n);
    }

    std::uint32_t parse_primary() {
        const Token& t = peek();
        if (t.kind == Tok::lparen) {
            next();
            const std::uint32_t inner = parse_or();
            if (peek().kind != Tok::rparen)
                fail(peek(), "expected ')' to close the '(' at column " + std::to_string(column(t.pos)) + ", found " +
                                 describe(peek()));
            next();
            return inner;
        }
        if (t.kind == Tok::end || t.kind == Tok::rparen || t.kind == Tok::comma || t.kind == Tok::op ||
            (t.kind == Tok::ident && is_keyword(t.raw) && !is_kw(t, "true") && !is_kw(t, "false")))
            fail(t, "expected a condition (a field, 'not' or '('), found " + describe(t));
        Parsed a = parse_operand(nullptr);
        const Token& o = peek();
        // `field in (…)` / `field not in (…)`
        const bool neg_in = is_kw(o, "not") && at_ + 1 < toks_.size() && is_kw(toks_[at_ + 1], "in");
        if (is_kw(o, "in") || neg_in) {
            if (a.lit != Parsed::none) fail(*a.tok, "'in' needs a field on its left, found " + describe(*a.tok));
            const Token& in_tok = o;
            next();
            if (neg_in) next();
            if (peek().kind != Tok::lparen) fail(peek(), "expected '(' after 'in', found " + describe(peek()));
            next();
            std::vector<std::uint32_t> alts;
            while (true) {
                Parsed b = parse_operand("'('");
                if (b.lit == Parsed::none) fail(*b.tok, "expected a value in the 'in' list, found the field " + b.name);
                Parsed fa = a;
                alts.push_back(make_cmp(fa, Op::eq, b, in_tok));
                if (peek().kind == Tok::comma) {
                    next();
                    continue;
                }
                if (peek().kind == Tok::rparen) {
                    next();
                    break;
                }
                fail(peek(), "expected ',' or ')' in the 'in' list, found " + describe(peek()));
            }
            std::uint32_t node = add_list(NodeKind::or_, alts);
            if (neg_in) {
                Node n;
                n.kind = NodeKind::not_;
                n.first = static_cast<std::uint32_t>(p_.kids.size());
                n.count = 1;
                p_.kids.push_back(node);
                node = add_node(n);
            }
            return node;
        }
        if (o.kind != Tok::op) {
            if (a.lit == Parsed::none && a.type == FieldType::boolean) {
                Node n;
                n.kind = NodeKind::truth;
                n.lhs = a.operand;
                return add_node(n);
            }
            if (a.lit == Parsed::none)
                fail(o, "expected a comparison operator (=, !=, <, <=, >, >=, in, not in) after the field " + a.name +
                            ", found " + describe(o));
            fail(o, "expected a comparison operator (=, !=, <, <=, >, >=) after " + describe(*a.tok) + ", found " +
                        describe(o));
        }
        const Token& op_tok = next();
        Parsed b = parse_operand(("'" + std::string(op_tok.raw) + "'").c_str());
        return make_cmp(a, op_tok.op, b, op_tok);
    }
};

} // namespace

// --- Filter ---------------------------------------------------------------------------------

Filter::Filter() = default;
Filter::~Filter() = default;
Filter::Filter(const Filter&) = default;
Filter& Filter::operator=(const Filter&) = default;
Filter::Filter(Filter&&) noexcept = default;
Filter& Filter::operator=(Filter&&) noexcept = default;

Filter Filter::compile(std::string_view text, const FieldResolver& fields) {
    Filter f;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return f;
    auto prog = std::make_shared<Program>();
    prog->text = std::string(text);
    Parser(prog->text, fields, *prog).run();
    f.p_ = std::move(prog);
    return f;
}

bool Filter::empty() const noexcept { return !p_; }
bool Filter::uses_item_fields() const noexcept { return p_ && p_->item_scope; }
bool Filter::matches(const FilterRow& row) const { return !p_ || p_->eval(p_->root, row); }
const std::string& Filter::text() const noexcept {
    static const std::string none;
    return p_ ? p_->text : none;
}

// --- the ledger's fields ----------------------------------------------------------------------

namespace {

/// Currency codes as stable strings (Currency::code() allocates).
struct CodeTable {
    std::vector<std::pair<std::uint32_t, std::string>> codes;
    void add(Currency c) {
        for (const auto& [k, s] : codes)
            if (k == c.packed()) return;
        codes.emplace_back(c.packed(), c.code());
    }
    std::string_view get(Currency c) const noexcept {
        for (const auto& [k, s] : codes)
            if (k == c.packed()) return s;
        return {};
    }
};

void add_customer_fields(FieldResolver& r, const Ledger& L, const std::shared_ptr<CodeTable>& codes) {
    const CustomerTable& C = L.customers();
    auto text = [&](const char* name, const LedgerColumn<StrId>* col, const char* help) {
        r.add(name, {FieldType::text, FieldScope::customer,
                     [&L, col](const FilterRow& row) { return FieldValue::of_text(L.str((*col)[row.customer])); },
                     help});
    };
    text("entity", &C.entity, "seller entity");
    text("customer_id", &C.customer_id, "account code");
    text("name", &C.name, "company name");
    text("group_code", &C.group_code, "code groupement");
    text("legal_id", &C.legal_id, "legal identifier");
    text("parent_id", &C.parent_id, "ultimate parent number");
    text("payment_center", &C.payment_center_code, "account of the payer center");
    text("customer_type", &C.customer_type, "typology");
    text("country", &C.country, "ISO 3166-1 alpha-2");
    text("language", &C.language, "language of reminders (default en)");
    r.add("currency", {FieldType::text, FieldScope::customer,
                       [&C, codes](const FilterRow& row) { return FieldValue::of_text(codes->get(C.currency[row.customer])); },
                       "account currency"});
    r.add("payment_terms_days",
          {FieldType::number, FieldScope::customer,
           [&C](const FilterRow& row) { return FieldValue::of_units(C.payment_terms_days[row.customer], 0); },
           "contractual terms in days (default 30)"});
    r.add("credit_limit", {FieldType::number, FieldScope::customer,
                           [&C](const FilterRow& row) {
                               const auto c = row.customer;
                               return C.has_credit_limit[c]
                                          ? FieldValue::of_units(C.credit_limit[c], C.credit_limit_currency[c].minor_units())
                                          : FieldValue::none();
                           },
                           "credit limit in credit_limit_currency"});
    r.add("credit_limit_currency",
          {FieldType::text, FieldScope::customer,
           [&C, codes](const FilterRow& row) {
               return FieldValue::of_text(codes->get(C.credit_limit_currency[row.customer]));
           },
           "currency of the credit limit"});
    text("rating", &C.rating, "credit notation");
    text("insurer", &C.insurer, "credit insurer");
    r.add("insured_amount", {FieldType::number, FieldScope::customer,
                             [&C](const FilterRow& row) {
                                 const auto c = row.customer;
                                 return C.has_insured_amount[c]
                                            ? FieldValue::of_units(C.insured_amount[c], C.currency[c].minor_units())
                                            : FieldValue::none();
                             },
                             "insurer's guarantee, account currency"});
    r.add("insurance_max_extension_days",
          {FieldType::number, FieldScope::customer,
           [&C](const FilterRow& row) {
               const auto d = C.insurance_max_extension_days[row.customer];
               return d < 0 ? FieldValue::none() : FieldValue::of_units(d, 0);
           },
           "days after due date to declare a threatened loss"});
    r.add("temporary_insured_amount",
          {FieldType::number, FieldScope::customer,
           [&C](const FilterRow& row) {
               const auto c = row.customer;
               return C.has_temporary_insured[c]
                          ? FieldValue::of_units(C.temporary_insured_amount[c], C.currency[c].minor_units())
                          : FieldValue::none();
           },
           "temporary guarantee, account currency"});
    r.add("temporary_insured_from",
          {FieldType::date, FieldScope::customer,
           [&C](const FilterRow& row) { return FieldValue::of_date(C.temporary_insured_from[row.customer]); },
           "start of the temporary guarantee"});
    r.add("temporary_insured_to",
          {FieldType::date, FieldScope::customer,
           [&C](const FilterRow& row) { return FieldValue::of_date(C.temporary_insured_to[row.customer]); },
           "end of the temporary guarantee"});
    r.add("scenario", {FieldType::text, FieldScope::customer,
                       [&L](const FilterRow& row) {
                           return FieldValue::of_text(L.scenarios().list[L.customers().scenario[row.customer]].id);
                       },
                       "collection scenario id (the default scenario when the column is empty)"});
    text("collector", &C.collector, "user in charge of collection");
    text("sales_rep", &C.sales_rep, "salesperson");
    text("email", &C.email, "collection email(s)");
    text("phone", &C.phone, "collection phone");
    text("address", &C.address, "postal address");
    for (int k = 0; k < kCustomFields; ++k) {
        const std::string name = "custom_" + std::to_string(k + 1);
        r.add(name, {FieldType::text, FieldScope::customer,
                     [&L, k](const FilterRow& row) {
                         return FieldValue::of_text(L.str(L.customers().custom_field(k, row.customer)));
                     },
                     "customer free field"});
    }
}

void add_item_fields(FieldResolver& r, const Ledger& L, std::int32_t A, const std::shared_ptr<CodeTable>& codes) {
    const ItemTable& I = L.items();
    // col: a LedgerColumn or a SparseColumn (status, status dates, comment).
    auto text = [&](const char* name, const auto* col, const char* help) {
        r.add(name, {FieldType::text, FieldScope::item,
                     [&L, col](const FilterRow& row) { return FieldValue::of_text(L.str((*col)[row.item])); }, help});
    };
    auto date = [&](const char* name, const auto* col, const char* help) {
        r.add(name, {FieldType::date, FieldScope::item,
                     [col](const FilterRow& row) { return FieldValue::of_date((*col)[row.item]); }, help});
    };
    text("item_id", &I.item_id, "document number");
    r.add("type", {FieldType::text, FieldScope::item,
                   [&I](const FilterRow& row) { return FieldValue::of_text(to_string(I.type[row.item])); },
                   "invoice, credit_note, debit_note, payment or adjustment"});
    date("issue_date", &I.issue_date, "issue date");
    date("due_date", &I.due_date, "due date");
    r.add("item_currency", {FieldType::text, FieldScope::item,
                            [&I, codes](const FilterRow& row) { return FieldValue::of_text(codes->get(I.currency[row.item])); },
                            "currency of the item"});
    r.add("amount", {FieldType::number, FieldScope::item,
                     [&I](const FilterRow& row) {
                         return FieldValue::of_units(I.amount[row.item], I.currency[row.item].minor_units());
                     },
                     "original amount, item currency"});
    r.add("open_amount", {FieldType::number, FieldScope::item,
                          [&I](const FilterRow& row) {
                              return FieldValue::of_units(I.open_amount[row.item], I.currency[row.item].minor_units());
                          },
                          "open amount at export time (items.csv), item currency"});
    r.add("balance", {FieldType::number, FieldScope::item,
                      [&L, A](const FilterRow& row) {
                          return FieldValue::of_units(L.balance_at(row.item, A),
                                                      L.items().currency[row.item].minor_units());
                      },
                      "balance at the as-of date (bal_A), item currency"});
    r.add("days_past_due", {FieldType::number, FieldScope::item,
                            [&I, A](const FilterRow& row) { return FieldValue::of_units(A - I.due_date[row.item], 0); },
                            "as-of date minus due date, in days"});
    text("status", &I.status, "category[:subtype] as written");
    r.add("status_category",
          {FieldType::text, FieldScope::item,
           [&I](const FilterRow& row) {
               const StatusCategory c = I.status_category[row.item];
               return FieldValue::of_text(c == StatusCategory::none ? "" : to_string(c));
           },
           "promise, dispute, litigation, ignored, info or ''"});
    text("status_subtype", &I.status_subtype, "the part of status after ':'");
    date("status_date", &I.status_date, "when the status was set");
    date("promise_date", &I.promise_date, "promised payment date");
    text("comment", &I.comment, "qualification comment");
    for (int k = 0; k < kCustomFields; ++k) {
        const std::string name = "item_custom_" + std::to_string(k + 1);
        r.add(name, {FieldType::text, FieldScope::item,
                     [&L, k](const FilterRow& row) { return FieldValue::of_text(L.str(L.items().custom_field(k, row.item))); },
                     "item free field custom_" + std::to_string(k + 1)});
    }
}

std::shared_ptr<CodeTable> currency_codes(const Ledger& L) {
    auto codes = std::make_shared<CodeTable>();
    codes->add(L.company().base_currency);
    for (Currency c : L.customers().currency) codes->add(c);
    for (Currency c : L.customers().credit_limit_currency) codes->add(c);
    for (Currency c : L.items().currency) codes->add(c);
    return codes;
}

} // namespace

FieldResolver customer_fields(const Ledger& ledger) {
    FieldResolver r;
    add_customer_fields(r, ledger, currency_codes(ledger));
    return r;
}

FieldResolver ledger_fields(const Ledger& ledger, Date as_of) {
    FieldResolver r;
    const auto codes = currency_codes(ledger);
    add_customer_fields(r, ledger, codes);
    add_item_fields(r, ledger, as_of.days(), codes);
    return r;
}

void apply_filter(const Ledger& L, std::string_view where, Date as_of, std::vector<std::uint8_t>& customer_mask,
                  std::vector<std::uint8_t>& item_mask) {
    const Filter f = Filter::compile(where, ledger_fields(L, as_of));
    if (f.empty()) return;
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    if (!f.uses_item_fields()) {
        for (std::uint32_t c = 0; c < C.size(); ++c)
            if (customer_mask[c] && !f.matches({c, kNoRow})) customer_mask[c] = 0;
        return;
    }
    std::vector<std::uint8_t> has(C.size(), 0);
    const std::int32_t A = as_of.days();
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        const std::uint32_t c = I.customer[i];
        if (!item_mask[i] || !customer_mask[c]) {
            item_mask[i] = 0;
            continue;
        }
        if (!f.matches({c, i})) {
            item_mask[i] = 0;
            continue;
        }
        if (I.issue_date[i] <= A) has[c] = 1;
    }
    for (std::uint32_t c = 0; c < C.size(); ++c)
        if (!has[c]) customer_mask[c] = 0;
}

DSOCORE_END_NAMESPACE
