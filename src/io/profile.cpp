// Import profiles: JSON → ImportProfile, every key checked.
#include "dsocore/io/profile.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"

DSOCORE_BEGIN_NAMESPACE

using json = nlohmann::json;

const char* to_string(ImportKind k) noexcept {
    switch (k) {
    case ImportKind::customers: return "customers";
    case ImportKind::items: return "items";
    case ImportKind::allocations: return "allocations";
    case ImportKind::fx: return "fx";
    case ImportKind::disputes: return "disputes";
    case ImportKind::actions: return "actions";
    }
    return "";
}

std::optional<ImportKind> parse_import_kind(std::string_view s) noexcept {
    for (auto k : {ImportKind::customers, ImportKind::items, ImportKind::allocations, ImportKind::fx,
                   ImportKind::disputes, ImportKind::actions})
        if (s == to_string(k)) return k;
    return std::nullopt;
}

int KindSpec::field_index(std::string_view name) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == name) return static_cast<int>(i);
    if (customs && name.size() > 7 && name.substr(0, 7) == "custom_") {
        const std::string_view n = name.substr(7);
        int k = 0;
        if (n.empty() || n.size() > 2 || n[0] == '0') return -1;
        for (char c : n) {
            if (c < '0' || c > '9') return -1;
            k = k * 10 + (c - '0');
        }
        if (k >= 1 && k <= 12) return static_cast<int>(fields.size()) + k - 1;
    }
    return -1;
}

std::string KindSpec::field_name(std::size_t i) const {
    if (i < fields.size()) return std::string(fields[i].name);
    return "custom_" + std::to_string(i - fields.size() + 1);
}

ProfileFieldType KindSpec::field_type(std::size_t i) const { return i < fields.size() ? fields[i].type : ProfileFieldType::text; }

const KindSpec& kind_spec(ImportKind k) {
    using T = ProfileFieldType;
    static const KindSpec customers{ImportKind::customers, "customers.csv",
        {{"entity", T::text}, {"customer_id", T::text}, {"name", T::text}, {"group_code", T::text},
         {"legal_id", T::text}, {"parent_id", T::text}, {"payment_center", T::text}, {"customer_type", T::text},
         {"country", T::code}, {"language", T::text}, {"currency", T::code}, {"payment_terms_days", T::integer},
         {"credit_limit", T::amount}, {"credit_limit_currency", T::code}, {"rating", T::text}, {"insurer", T::text},
         {"insured_amount", T::amount}, {"insurance_max_extension_days", T::integer},
         {"temporary_insured_amount", T::amount}, {"temporary_insured_from", T::date},
         {"temporary_insured_to", T::date}, {"scenario", T::text}, {"collector", T::text}, {"sales_rep", T::text},
         {"email", T::text}, {"phone", T::text}, {"address", T::text}},
        true, {"entity", "customer_id"}};
    static const KindSpec items{ImportKind::items, "items.csv",
        {{"entity", T::text}, {"item_id", T::text}, {"customer_id", T::text}, {"type", T::text},
         {"issue_date", T::date}, {"due_date", T::date}, {"currency", T::code}, {"amount", T::amount},
         {"open_amount", T::amount}, {"status", T::text}, {"status_date", T::date}, {"promise_date", T::date},
         {"comment", T::text}},
        true, {"entity", "item_id"}};
    static const KindSpec allocations{ImportKind::allocations, "allocations.csv",
        {{"entity", T::text}, {"item_id", T::text}, {"date", T::date}, {"amount", T::amount}},
        false, {"entity", "item_id", "date", "amount"}};
    static const KindSpec fx{ImportKind::fx, "fx.csv",
        {{"date", T::date}, {"currency", T::code}, {"rate", T::decimal}}, false, {"date", "currency"}};
    static const KindSpec disputes{ImportKind::disputes, "disputes.csv",
        {{"entity", T::text}, {"dispute_id", T::text}, {"customer_id", T::text}, {"type", T::text},
         {"opened_date", T::date}, {"closed_date", T::date}, {"resolver", T::text}, {"item_ids", T::text},
         {"comment", T::text}},
        false, {"entity", "dispute_id"}};
    static const KindSpec actions{ImportKind::actions, "actions.csv",
        {{"entity", T::text}, {"action_id", T::text}, {"customer_id", T::text}, {"date", T::date},
         {"channel", T::text}, {"scenario", T::text}, {"step", T::text}, {"item_ids", T::text}, {"user", T::text},
         {"outcome", T::text}, {"comment", T::text}},
        false, {"entity", "action_id"}};
    switch (k) {
    case ImportKind::customers: return customers;
    case ImportKind::items: return items;
    case ImportKind::allocations: return allocations;
    case ImportKind::fx: return fx;
    case ImportKind::disputes: return disputes;
    case ImportKind::actions: return actions;
    }
    return items;
}

namespace {

class ProfileParser {
public:
    explicit ProfileParser(std::string name) : name_(std::move(name)) {}
    std::vector<Diagnostic> diags;

    void error(const std::string& key, const json* v, const std::string& expected) {
        diags.push_back(Diagnostic{name_, 0, key, v ? v->dump() : std::string(), expected});
    }

    bool get_string(const json& o, const char* key, std::string& out, const std::string& path) {
        auto it = o.find(key);
        if (it == o.end() || it->is_null()) return false;
        if (!it->is_string()) {
            error(path, &*it, "expected a string");
            return false;
        }
        out = it->get<std::string>();
        return true;
    }
    void get_bool(const json& o, const char* key, bool& out, const std::string& path) {
        auto it = o.find(key);
        if (it == o.end() || it->is_null()) return;
        if (!it->is_boolean()) error(path, &*it, "expected true or false");
        else out = it->get<bool>();
    }
    std::vector<std::string> string_list(const json& o, const char* key, const std::string& path) {
        std::vector<std::string> out;
        auto it = o.find(key);
        if (it == o.end() || it->is_null()) return out;
        if (!it->is_array()) {
            error(path, &*it, "expected an array of strings");
            return out;
        }
        for (const auto& x : *it) {
            if (!x.is_string()) error(path, &x, "expected an array of strings");
            else out.push_back(x.get<std::string>());
        }
        return out;
    }
    std::vector<DateFormat> date_formats(const json& v, const std::string& path) {
        std::vector<DateFormat> out;
        if (!v.is_array() || v.empty()) {
            error(path, &v, "expected a non-empty array of date formats such as [\"dd/MM/yyyy\", \"excel\"]");
            return out;
        }
        for (const auto& x : v) {
            if (!x.is_string()) {
                error(path, &x, "expected a date format string (LDML pattern or \"excel\")");
                continue;
            }
            try {
                out.push_back(DateFormat::parse(x.get<std::string>()));
            } catch (const Error& e) {
                error(path, &x, e.what());
            }
        }
        return out;
    }

private:
    std::string name_;
};

std::string known_list(const std::set<std::string>& s) {
    std::string r;
    for (const auto& x : s) r += (r.empty() ? "" : ", ") + x;
    return r;
}

} // namespace

ImportProfile ImportProfile::parse(std::string_view text, const std::string& shown) {
    ProfileParser P(shown);
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) { // a syntax error, or a number too large for a double
        throw DataError({Diagnostic{shown, 0, "", "", std::string("invalid JSON: ") + e.what()}});
    }
    if (!j.is_object()) throw DataError({Diagnostic{shown, 0, "", "", "expected a JSON object"}});
    static const std::set<std::string> known = {
        "kind", "format", "encoding", "separator", "quote", "skip_rows", "sheet", "decimal_separator",
        "thousands_separator", "date_formats", "columns", "sign", "debit", "credit", "mandatory", "blocked",
        "empty_overwrites", "unique_key", "mode", "strict", "description"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!known.count(it.key())) P.error(it.key(), nullptr, "unknown key; expected one of " + known_list(known));

    ImportProfile p;
    std::string s;
    if (P.get_string(j, "kind", s, "kind")) {
        if (auto k = parse_import_kind(s)) p.kind = *k;
        else P.error("kind", &j["kind"], "expected customers, items, allocations, fx, disputes or actions");
    }
    if (P.get_string(j, "format", s, "format")) {
        if (s == "csv" || s == "txt") p.format = InputFormat::csv;
        else if (s == "xlsx") p.format = InputFormat::xlsx;
        else if (s == "xls") p.format = InputFormat::xls;
        else P.error("format", &j["format"], "expected csv, txt, xlsx or xls");
    }
    if (P.get_string(j, "encoding", s, "encoding")) {
        if (encoding_known(s)) p.encoding = s;
        else P.error("encoding", &j["encoding"], "expected \"auto\" or an encoding name ICU knows (UTF-8, UTF-16, windows-1252, ISO-8859-15, Shift_JIS …)");
    }
    if (P.get_string(j, "separator", s, "separator")) {
        if (s == "auto") p.separator = 0;
        else if (s == "," || s == ";" || s == "|" || s == "\t") p.separator = s[0];
        else if (s == "tab") p.separator = '\t';
        else P.error("separator", &j["separator"], "expected \",\", \";\", \"\\t\" (or \"tab\"), \"|\" or \"auto\"");
    }
    if (auto it = j.find("quote"); it != j.end()) {
        if (it->is_null() || (it->is_string() && it->get<std::string>().empty())) p.quote = 0;
        else if (it->is_string() && it->get<std::string>().size() == 1) p.quote = it->get<std::string>()[0];
        else P.error("quote", &*it, "expected a one-character string such as \"\\\"\", or \"\"/null for no quoting");
    }
    if (auto it = j.find("skip_rows"); it != j.end() && !it->is_null()) {
        if (it->is_number_integer() && it->get<std::int64_t>() >= 0 && it->get<std::int64_t>() <= 1000000)
            p.skip_rows = static_cast<int>(it->get<std::int64_t>());
        else P.error("skip_rows", &*it, "expected a whole number ≥ 0 of lines before the header row");
    }
    if (auto it = j.find("sheet"); it != j.end() && !it->is_null()) {
        if (it->is_string()) p.sheet = it->get<std::string>();
        else if (it->is_number_integer() && it->get<std::int64_t>() >= 1 && it->get<std::int64_t>() <= 10000)
            p.sheet_index = static_cast<int>(it->get<std::int64_t>());
        else P.error("sheet", &*it, "expected a sheet name, a 1-based sheet number, or null for the first sheet");
    }
    if (P.get_string(j, "decimal_separator", s, "decimal_separator")) {
        if (s == "." || s == ",") p.number.decimal = s;
        else P.error("decimal_separator", &j["decimal_separator"], "expected \".\" or \",\"");
    }
    if (auto it = j.find("thousands_separator"); it != j.end() && !it->is_null()) {
        const std::string t = it->is_string() ? it->get<std::string>() : std::string("?");
        if (it->is_string() && (t.empty() || t == " " || t == "." || t == "," || t == "'" || t == "\xC2\xA0"))
            p.number.thousands = t;
        else P.error("thousands_separator", &*it, "expected \"\", \" \", \".\", \",\" or \"'\"");
    }
    if (!p.number.thousands.empty() && p.number.thousands == p.number.decimal)
        P.error("thousands_separator", &j["thousands_separator"], "must differ from decimal_separator");
    if (auto it = j.find("date_formats"); it != j.end() && !it->is_null()) {
        auto f = P.date_formats(*it, "date_formats");
        if (!f.empty()) p.date_formats = std::move(f);
    }
    if (P.get_string(j, "sign", s, "sign")) {
        if (s == "as_is") p.sign = SignMode::as_is;
        else if (s == "by_type") p.sign = SignMode::by_type;
        else if (s == "debit_credit") p.sign = SignMode::debit_credit;
        else P.error("sign", &j["sign"], "expected as_is, by_type or debit_credit");
    }
    P.get_string(j, "debit", p.debit, "debit");
    P.get_string(j, "credit", p.credit, "credit");
    if (p.sign == SignMode::debit_credit && (p.debit.empty() || p.credit.empty()))
        P.error("sign", &j["sign"], "debit_credit needs the top-level keys \"debit\" and \"credit\" naming two source columns");
    if (p.sign != SignMode::debit_credit && (!p.debit.empty() || !p.credit.empty()))
        P.error("debit", nullptr, "\"debit\"/\"credit\" are only used with \"sign\": \"debit_credit\"");
    p.mandatory = P.string_list(j, "mandatory", "mandatory");
    p.blocked = P.string_list(j, "blocked", "blocked");
    P.get_bool(j, "empty_overwrites", p.empty_overwrites, "empty_overwrites");
    if (auto it = j.find("unique_key"); it != j.end() && !it->is_null()) {
        if (it->is_string()) p.unique_key = {it->get<std::string>()};
        else p.unique_key = P.string_list(j, "unique_key", "unique_key");
    }
    if (P.get_string(j, "mode", s, "mode")) {
        if (s == "merge") p.mode = ImportMode::merge;
        else if (s == "replace_open_items") p.mode = ImportMode::replace_open_items;
        else P.error("mode", &j["mode"], "expected merge or replace_open_items");
    }
    P.get_bool(j, "strict", p.strict, "strict");

    // Field names depend on the kind; without one (given later by --kind) they are
    // checked again by check_fields() at import time.
    if (auto it = j.find("columns"); it != j.end() && !it->is_null()) {
        p.columns_given = true;
        if (!it->is_object() || it->empty()) {
            P.error("columns", &*it, "expected an object {\"canonical_field\": {\"source\": \"Header\"} …}");
        } else {
            static const std::set<std::string> ckeys = {"source", "value", "concat", "sep", "map",
                                                        "strip_leading_zeros", "trim", "collapse_spaces",
                                                        "case", "date_formats"};
            for (auto c = it->begin(); c != it->end(); ++c) {
                const std::string path = "columns." + c.key();
                ColumnRule r;
                r.field = c.key();
                const json& v = c.value();
                if (v.is_string()) {
                    r.source = v.get<std::string>();
                    p.columns.push_back(std::move(r));
                    continue;
                }
                if (!v.is_object()) {
                    P.error(path, &v, "expected a source column name or an object with source, value or concat");
                    continue;
                }
                for (auto k = v.begin(); k != v.end(); ++k)
                    if (!ckeys.count(k.key()))
                        P.error(path + "." + k.key(), nullptr, "unknown key; expected one of " + known_list(ckeys));
                const int ways = static_cast<int>(v.contains("source")) + static_cast<int>(v.contains("value")) +
                                 static_cast<int>(v.contains("concat"));
                if (ways != 1) P.error(path, &v, "give exactly one of \"source\", \"value\" or \"concat\"");
                if (v.contains("source")) {
                    r.from = ColumnRule::From::source;
                    if (!P.get_string(v, "source", r.source, path + ".source") || r.source.empty())
                        P.error(path + ".source", &v["source"], "expected a non-empty header name");
                } else if (v.contains("value")) {
                    r.from = ColumnRule::From::value;
                    const json& x = v["value"];
                    if (x.is_string()) r.value = x.get<std::string>();
                    else if (x.is_number_integer()) r.value = std::to_string(x.get<std::int64_t>());
                    else P.error(path + ".value", &x, "expected a string constant (canonical form)");
                } else if (v.contains("concat")) {
                    r.from = ColumnRule::From::concat;
                    r.concat = P.string_list(v, "concat", path + ".concat");
                    if (r.concat.size() < 2) P.error(path + ".concat", &v["concat"], "expected at least two header names");
                    P.get_string(v, "sep", r.sep, path + ".sep");
                }
                if (v.contains("sep") && r.from != ColumnRule::From::concat)
                    P.error(path + ".sep", &v["sep"], "\"sep\" goes with \"concat\"");
                if (auto m = v.find("map"); m != v.end() && !m->is_null()) {
                    if (!m->is_object()) P.error(path + ".map", &*m, "expected an object {\"source value\": \"canonical value\"}");
                    else
                        for (auto e = m->begin(); e != m->end(); ++e) {
                            if (!e->is_string()) P.error(path + ".map." + e.key(), &*e, "expected a string");
                            else r.map[e.key()] = e->get<std::string>();
                        }
                }
                P.get_bool(v, "strip_leading_zeros", r.strip_leading_zeros, path + ".strip_leading_zeros");
                P.get_bool(v, "trim", r.trim, path + ".trim");
                P.get_bool(v, "collapse_spaces", r.collapse_spaces, path + ".collapse_spaces");
                std::string cs;
                if (P.get_string(v, "case", cs, path + ".case")) {
                    if (cs == "upper") r.text_case = CaseMode::upper;
                    else if (cs == "lower") r.text_case = CaseMode::lower;
                    else if (cs == "keep") r.text_case = CaseMode::keep;
                    else P.error(path + ".case", &v["case"], "expected upper, lower or keep");
                }
                if (auto d = v.find("date_formats"); d != v.end() && !d->is_null())
                    r.date_formats = P.date_formats(*d, path + ".date_formats");
                p.columns.push_back(std::move(r));
            }
        }
    }
    if (!P.diags.empty()) throw DataError(std::move(P.diags));
    return p;
}

ImportProfile ImportProfile::load(const std::string& path) { return parse(read_file(path), path); }

ImportProfile ImportProfile::canonical(ImportKind kind) {
    ImportProfile p;
    p.kind = kind;
    p.format = InputFormat::csv;
    p.encoding = "UTF-8";
    p.separator = ',';
    return p;
}

DSOCORE_END_NAMESPACE
