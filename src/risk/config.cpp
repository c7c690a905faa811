// risk.json parsing and validation.
#include "dsocore/risk/config.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/reports/report.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {
using json = nlohmann::json;

const std::vector<std::string_view>& number_fields() {
    static const std::vector<std::string_view> f = {"payment_terms_days", "insurance_max_extension_days"};
    return f;
}

bool contains(const std::vector<std::string_view>& v, std::string_view s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

/// Collects diagnostics with the key path; thrown together at the end.
struct Parser {
    std::string file;
    std::vector<Diagnostic> diags;

    void error(const std::string& path, const json* v, const std::string& what) {
        diags.push_back({file, 0, path, v ? v->dump() : std::string(), what});
    }

    void check_keys(const json& obj, const std::string& path, std::initializer_list<std::string_view> allowed) {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool ok = false;
            for (auto a : allowed) ok = ok || it.key() == a;
            if (ok) continue;
            std::string list;
            for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            error(path.empty() ? it.key() : path + "." + it.key(), nullptr, "unknown key; expected one of " + list);
        }
    }

    /// A decimal written as a JSON string ("0.5") or integer (a JSON float is binary: rejected).
    std::optional<Decimal> decimal(const json& v, const std::string& path) {
        if (v.is_string()) {
            if (auto d = Decimal::try_parse(v.get<std::string>())) return d;
        } else if (v.is_number_integer()) {
            return Decimal(v.get<std::int64_t>());
        }
        error(path, &v, "expected a decimal written as a string, e.g. \"0.5\"");
        return std::nullopt;
    }

    std::optional<std::string> text(const json& v, const std::string& path, bool non_empty = true) {
        if (v.is_string() && (!non_empty || !v.get<std::string>().empty())) return v.get<std::string>();
        error(path, &v, non_empty ? "expected a non-empty string" : "expected a string");
        return std::nullopt;
    }
};

std::string idx(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

} // namespace

const std::vector<std::string_view>& notation_figures() {
    static const std::vector<std::string_view> f = {"outstanding",     "overdue",        "overdue_pct",
                                                    "dso",             "avg_days_late",  "utilisation_pct",
                                                    "seniority_days"};
    return f;
}

std::optional<Decimal> LimitToolConfig::factor_of(std::string_view grade) const {
    for (const auto& [g, f] : factor)
        if (g == grade) return f;
    return std::nullopt;
}

const GradeRule* RiskConfig::grade_of(const Decimal& score) const noexcept {
    for (const auto& g : scale)
        if (score >= g.min_score) return &g;
    return nullptr;
}

std::vector<std::size_t> RiskConfig::levels_for(const Decimal& amount) const {
    require_approval_levels();
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < approval_levels.size(); ++k) {
        const auto& up = approval_levels[k].up_to;
        out.push_back(k);
        if (!up || *up >= amount) return out; // the first level whose up_to ≥ amount ends the chain
    }
    throw Error(Errc::invalid_argument, "risk.json: no approval level covers a limit of " + amount.to_string() +
                                            " (the last level has up_to " +
                                            approval_levels.back().up_to->to_string() + "; use null for no ceiling)");
}

void RiskConfig::require_grid() const {
    if (scale.empty() || criteria.empty())
        throw Error(Errc::data, "risk.json: the credit notation needs \"scale\" and \"criteria\"");
}
void RiskConfig::require_limit_tool() const {
    require_grid();
    if (!limit_tool) throw Error(Errc::data, "risk.json: the credit-limit tool needs \"limit_tool\"");
}
void RiskConfig::require_approval_levels() const {
    if (approval_levels.empty())
        throw Error(Errc::data, "risk.json: the limit approval workflow needs \"approval_levels\"");
}

RiskConfig RiskConfig::parse(std::string_view text, std::string_view file) {
    Parser P{std::string(file), {}};
    RiskConfig cfg;
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        std::int64_t line = 1, col = 1;
        for (std::size_t i = 0; i < e.byte && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        throw DataError({{std::string(file), line, "", "", "invalid JSON at column " + std::to_string(col) + ": " + e.what()}});
    } catch (const json::exception& e) { // e.g. a number too large for a double
        throw DataError({{std::string(file), 1, "", "", std::string("invalid JSON: ") + e.what()}});
    }
    if (!j.is_object()) throw DataError({{std::string(file), 0, "", "", "expected a JSON object at the top level"}});
    P.check_keys(j, "", {"scale", "criteria", "missing_points", "limit_tool", "approval_levels"});

    // scale
    if (j.contains("scale")) {
        const json& s = j["scale"];
        if (!s.is_array() || s.empty()) P.error("scale", &s, "expected a non-empty array of {\"grade\", \"min_score\"}");
        else
            for (std::size_t i = 0; i < s.size(); ++i) {
                const std::string p = idx("scale", i);
                const json& e = s[i];
                if (!e.is_object()) {
                    P.error(p, &e, "expected an object {\"grade\": \"A\", \"min_score\": \"80\"}");
                    continue;
                }
                P.check_keys(e, p, {"grade", "min_score"});
                GradeRule g;
                if (!e.contains("grade")) P.error(p + ".grade", nullptr, "missing");
                else if (auto t = P.text(e["grade"], p + ".grade")) g.grade = *t;
                if (!e.contains("min_score")) P.error(p + ".min_score", nullptr, "missing");
                else if (auto d = P.decimal(e["min_score"], p + ".min_score")) g.min_score = *d;
                for (const auto& o : cfg.scale)
                    if (!g.grade.empty() && o.grade == g.grade) P.error(p + ".grade", &e["grade"], "grade given twice");
                cfg.scale.push_back(std::move(g));
            }
    }

    // missing_points
    if (j.contains("missing_points")) {
        if (auto d = P.decimal(j["missing_points"], "missing_points")) cfg.missing_points = *d;
    }

    // criteria
    if (j.contains("criteria")) {
        const json& cs = j["criteria"];
        if (!cs.is_array() || cs.empty()) P.error("criteria", &cs, "expected a non-empty array of criteria");
        else
            for (std::size_t i = 0; i < cs.size(); ++i) {
                const std::string p = idx("criteria", i);
                const json& e = cs[i];
                if (!e.is_object()) {
                    P.error(p, &e, "expected an object {\"field\", \"weight\", \"bands\" or \"values\"}");
                    continue;
                }
                P.check_keys(e, p, {"field", "weight", "bands", "values", "default"});
                Criterion c;
                if (!e.contains("field")) P.error(p + ".field", nullptr, "missing");
                else if (auto t = P.text(e["field"], p + ".field")) c.field = *t;
                if (!e.contains("weight")) P.error(p + ".weight", nullptr, "missing");
                else if (auto d = P.decimal(e["weight"], p + ".weight")) c.weight = *d;
                const bool has_bands = e.contains("bands"), has_values = e.contains("values");
                if (has_bands == has_values)
                    P.error(p, nullptr, "expected exactly one of \"bands\" (numeric ranges) or \"values\" (text map)");
                // Field kind.
                const bool is_figure = contains(notation_figures(), c.field);
                const bool is_number = contains(number_fields(), c.field);
                static const CustomerTable no_rows;
                const bool is_text = !is_figure && !is_number && c.field != "customer_id" &&
                                     customer_text_column(no_rows, c.field) != nullptr;
                if (!c.field.empty() && !is_figure && !is_number && !is_text) {
                    std::string list;
                    for (auto f : notation_figures()) list += (list.empty() ? "" : ", ") + std::string(f);
                    for (auto f : number_fields()) list += ", " + std::string(f);
                    list += ", or a customer text field (customer_type, country, rating, custom_1 … custom_12 …)";
                    P.error(p + ".field", &e["field"], "unknown field; expected one of " + list);
                }
                for (const auto& o : cfg.criteria)
                    if (!c.field.empty() && o.field == c.field)
                        P.error(p + ".field", &e["field"], "field already has a criterion (one per field)");
                if (has_bands) {
                    c.kind = is_figure ? CriterionKind::figure
                                       : (is_number ? CriterionKind::number_field : CriterionKind::text_as_number);
                    if (e.contains("default")) P.error(p + ".default", &e["default"], "\"default\" goes with \"values\", not \"bands\"");
                    const json& bs = e["bands"];
                    if (!bs.is_array() || bs.empty()) P.error(p + ".bands", &bs, "expected a non-empty array of {\"max\", \"points\"}");
                    else {
                        bool catch_all = false;
                        for (std::size_t k = 0; k < bs.size(); ++k) {
                            const std::string bp = idx(p + ".bands", k);
                            const json& b = bs[k];
                            if (!b.is_object()) {
                                P.error(bp, &b, "expected an object {\"max\": \"15\", \"points\": \"70\"}");
                                continue;
                            }
                            P.check_keys(b, bp, {"max", "points"});
                            Band band;
                            if (catch_all) P.error(bp, &b, "unreachable: an earlier band without \"max\" catches every value");
                            if (b.contains("max") && !b["max"].is_null()) {
                                if (auto d = P.decimal(b["max"], bp + ".max")) band.max = *d;
                            } else {
                                catch_all = true;
                            }
                            if (!b.contains("points")) P.error(bp + ".points", nullptr, "missing");
                            else if (auto d = P.decimal(b["points"], bp + ".points")) band.points = *d;
                            c.bands.push_back(std::move(band));
                        }
                    }
                } else if (has_values) {
                    c.kind = CriterionKind::text_field;
                    if (is_figure || is_number)
                        P.error(p + ".values", nullptr, "field '" + c.field + "' is numeric: use \"bands\"");
                    const json& vs = e["values"];
                    if (!vs.is_object()) P.error(p + ".values", &vs, "expected an object {\"value\": \"points\"}");
                    else
                        for (auto it = vs.begin(); it != vs.end(); ++it)
                            if (auto d = P.decimal(it.value(), p + ".values." + it.key())) c.values.emplace_back(it.key(), *d);
                    if (e.contains("default")) {
                        if (auto d = P.decimal(e["default"], p + ".default")) c.default_points = *d;
                    }
                }
                cfg.criteria.push_back(std::move(c));
            }
    }

    // limit_tool
    if (j.contains("limit_tool")) {
        const json& lt = j["limit_tool"];
        if (!lt.is_object()) P.error("limit_tool", &lt, "expected an object");
        else {
            P.check_keys(lt, "limit_tool", {"sales_window", "round_to", "cap_to_insured", "factor"});
            LimitToolConfig t;
            if (lt.contains("sales_window")) {
                const json& w = lt["sales_window"];
                bool ok = false;
                if (w.is_string()) {
                    try {
                        const Window win = Window::parse(w.get<std::string>());
                        if (win.months && win.count > 0 && win.count <= 1200) {
                            t.sales_window_months = win.count;
                            ok = true;
                        }
                    } catch (const Error&) {
                    }
                }
                if (!ok) P.error("limit_tool.sales_window", &w, "expected a number of months such as \"12m\"");
            }
            if (lt.contains("round_to")) {
                if (auto d = P.decimal(lt["round_to"], "limit_tool.round_to")) {
                    if (d->sign() <= 0) P.error("limit_tool.round_to", &lt["round_to"], "expected a positive step");
                    else t.round_to = *d;
                }
            }
            if (lt.contains("cap_to_insured")) {
                if (lt["cap_to_insured"].is_boolean()) t.cap_to_insured = lt["cap_to_insured"].get<bool>();
                else P.error("limit_tool.cap_to_insured", &lt["cap_to_insured"], "expected true or false");
            }
            if (!lt.contains("factor") || !lt["factor"].is_object())
                P.error("limit_tool.factor", lt.contains("factor") ? &lt["factor"] : nullptr,
                        "expected an object grade → factor, e.g. {\"A\": \"1.5\"}");
            else
                for (auto it = lt["factor"].begin(); it != lt["factor"].end(); ++it)
                    if (auto d = P.decimal(it.value(), "limit_tool.factor." + it.key())) {
                        if (d->sign() < 0) P.error("limit_tool.factor." + it.key(), &it.value(), "expected a factor ≥ 0");
                        t.factor.emplace_back(it.key(), *d);
                    }
            // Every grade of the scale needs a factor (one given but invalid is reported above).
            for (const auto& g : cfg.scale)
                if (!g.grade.empty() && !t.factor_of(g.grade) &&
                    !(lt.contains("factor") && lt["factor"].is_object() && lt["factor"].contains(g.grade)))
                    P.error("limit_tool.factor", nullptr, "no factor for grade '" + g.grade + "' of the scale");
            cfg.limit_tool = std::move(t);
        }
    }

    // approval_levels
    if (j.contains("approval_levels")) {
        const json& ls = j["approval_levels"];
        if (!ls.is_array() || ls.empty()) P.error("approval_levels", &ls, "expected a non-empty array of {\"up_to\", \"role\"}");
        else
            for (std::size_t i = 0; i < ls.size(); ++i) {
                const std::string p = idx("approval_levels", i);
                const json& e = ls[i];
                if (!e.is_object()) {
                    P.error(p, &e, "expected an object {\"up_to\": \"50000\", \"role\": \"credit_manager\"}");
                    continue;
                }
                P.check_keys(e, p, {"up_to", "role"});
                ApprovalLevel lv;
                if (!e.contains("up_to")) P.error(p + ".up_to", nullptr, "missing (null = no ceiling)");
                else if (!e["up_to"].is_null()) {
                    if (auto d = P.decimal(e["up_to"], p + ".up_to")) lv.up_to = *d;
                }
                if (!e.contains("role")) P.error(p + ".role", nullptr, "missing");
                else if (auto t = P.text(e["role"], p + ".role")) {
                    const auto r = parse_role(*t);
                    if (!r || (*r != Role::credit_manager && *r != Role::admin))
                        P.error(p + ".role", &e["role"], "expected credit_manager or admin (the roles that approve limits)");
                    else lv.role = *r;
                }
                if (!cfg.approval_levels.empty()) {
                    const auto& prev = cfg.approval_levels.back().up_to;
                    if (!prev) P.error(p, &e, "unreachable: an earlier level has no ceiling (up_to null must be last)");
                    else if (lv.up_to && *lv.up_to <= *prev)
                        P.error(p + ".up_to", &e["up_to"], "expected thresholds in ascending order (above " + prev->to_string() + ")");
                }
                cfg.approval_levels.push_back(std::move(lv));
            }
    }

    if (!P.diags.empty()) throw DataError(std::move(P.diags));
    return cfg;
}

RiskConfig RiskConfig::load(const std::filesystem::path& dir) {
    const std::filesystem::path p = dir / "risk.json";
    std::error_code ec;
    if (!std::filesystem::exists(p, ec))
        throw Error(Errc::not_found, p.string() + ": missing; the credit notation, the limit tool and the approvals "
                                                  "are configured in risk.json (see docs/risk.md)");
    return parse(read_file(p.string()), "risk.json");
}

DSOCORE_END_NAMESPACE
