// dsocore Java door — the small C++ surface SWIG wraps (the .i files add the Java types:
// BigDecimal, LocalDate, AutoCloseable). Errors are dsocore::Error; the root .i turns every
// exception into a Java DsoException carrying the C++ message.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsocore/core/error.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/actions.hpp"
#include "dsocore/collection/alerts.hpp"
#include "dsocore/collection/render.hpp"
#include "dsocore/io/export.hpp"
#include "dsocore/io/xlsx.hpp"
#include "dsocore/reports/report.hpp"
#include "dsocore/risk/assign.hpp"
#include "dsocore/risk/limits.hpp"
#include "dsocore/risk/roles.hpp"
#include "facade_import.hpp"

namespace dsocore::jni {

/// A report result: typed cells by (row, column).
class Table {
public:
    explicit Table(dsocore::Table t) : t_(std::move(t)) {}
    std::int64_t rowCount() const { return static_cast<std::int64_t>(t_.rows()); }
    int columnCount() const { return static_cast<int>(t_.columns.size()); }
    std::string report() const { return t_.report; }
    std::string asOfText() const { return t_.as_of.to_string(); }
    std::string baseCurrency() const { return t_.base_currency; }
    std::string columnName(int col) const { return column(col).name; }
    int columnIndex(const std::string& name) const { return static_cast<int>(t_.column_index(name)); }
    /// "text", "integer", "decimal", "date", "boolean".
    std::string columnType(int col) const { return to_string(column(col).type); }
    int columnScale(int col) const { return column(col).type == CellType::decimal ? column(col).scale : 0; }
    bool isNull(std::int64_t row, int col) const { return column(col).nulls[index(row)] != 0; }
    std::string text(std::int64_t row, int col) const { return cell(row, col, CellType::text).texts[index(row)]; }
    std::int64_t integer(std::int64_t row, int col) const { return cell(row, col, CellType::integer).ints[index(row)]; }
    /// Exact decimal text ("1234.50"); the Java side makes a BigDecimal of it.
    std::string decimalText(std::int64_t row, int col) const {
        cell(row, col, CellType::decimal);
        return t_.cell_text(static_cast<std::size_t>(col), index(row)); // the row's own digits
    }
    /// Days since 1970-01-01 (LocalDate.ofEpochDay).
    std::int64_t epochDay(std::int64_t row, int col) const { return cell(row, col, CellType::date).ints[index(row)]; }
    bool boolean(std::int64_t row, int col) const { return cell(row, col, CellType::boolean).ints[index(row)] != 0; }
    /// Printed form of any cell ("" when empty).
    std::string cellText(std::int64_t row, int col) const {
        column(col);
        return t_.cell_text(static_cast<std::size_t>(col), index(row));
    }
    std::string toCsv() const { return to_csv(t_); }
    std::string toJson() const { return to_json(t_); }
    /// Writes the table to a file as "csv", "json" or "xlsx".
    void write(const std::string& path, const std::string& format) const { write(path, format, "", ""); }
    /// The same under a role-scoped view (role "" = none): exports under a view are
    /// admin-only, another role is refused (Errc::permission) and nothing is written.
    void write(const std::string& path, const std::string& format, const std::string& role,
               const std::string& user) const {
        if (format != "csv" && format != "json" && format != "xlsx")
            throw Error(Errc::invalid_argument, "format '" + format + "': expected csv, json or xlsx");
        if (!role.empty()) {
            require_export_allowed(parse_role_or_throw(role), user);
        } else if (!user.empty()) {
            throw Error(Errc::invalid_argument, "user '" + user + "' without a role");
        }
        export_report(t_, path, format);
    }

private:
    const Column& column(int col) const {
        if (col < 0 || static_cast<std::size_t>(col) >= t_.columns.size())
            throw Error(Errc::invalid_argument, "column " + std::to_string(col) + " out of range (table has " +
                                                    std::to_string(t_.columns.size()) + " columns)");
        return t_.columns[static_cast<std::size_t>(col)];
    }
    std::size_t index(std::int64_t row) const {
        if (row < 0 || static_cast<std::size_t>(row) >= t_.rows())
            throw Error(Errc::invalid_argument, "row " + std::to_string(row) + " out of range (table has " +
                                                    std::to_string(t_.rows()) + " rows)");
        return static_cast<std::size_t>(row);
    }
    const Column& cell(std::int64_t row, int col, CellType want) const {
        const Column& c = column(col);
        const std::size_t r = index(row);
        if (c.type != want)
            throw Error(Errc::invalid_argument,
                        "column '" + c.name + "' is " + to_string(c.type) + ", not " + to_string(want));
        if (c.nulls[r])
            throw Error(Errc::invalid_argument, "cell (" + std::to_string(row) + ", '" + c.name +
                                                    "') is empty; check isNull");
        return c;
    }
    dsocore::Table t_;
};

/// A rendered collection message (`dsocore render`).
class Message {
public:
    explicit Message(RenderedMessage m) : m_(std::move(m)) {}
    std::string templateName() const { return m_.template_name; }
    std::string templatePath() const { return m_.template_path; }
    std::string language() const { return m_.language; }
    std::string locale() const { return m_.locale; }
    std::string channel() const { return dsocore::to_string(m_.channel); }
    std::string to() const { return m_.to; }
    std::string subject() const { return m_.subject; }
    std::string body() const { return m_.body; }
    /// The whole message exactly as `dsocore render` prints it.
    std::string text() const { return format_rendered(m_); }
    bool hasSms() const { return m_.sms.has_value(); }
    /// "GSM-7" or "UCS-2" ("" when not an SMS).
    std::string smsEncoding() const { return m_.sms ? dsocore::to_string(m_.sms->encoding) : ""; }
    std::int64_t smsCharacters() const { return m_.sms ? static_cast<std::int64_t>(m_.sms->characters) : 0; }
    std::int64_t smsUnits() const { return m_.sms ? static_cast<std::int64_t>(m_.sms->units) : 0; }
    std::int64_t smsSegments() const { return m_.sms ? static_cast<std::int64_t>(m_.sms->segments) : 0; }

private:
    RenderedMessage m_;
};

/// The request of a report besides its name and date.
class ReportOptions {
public:
    void setBaseCurrency(const std::string& code) { base_currency_ = code; }
    void setBy(const std::string& by) { by_ = by; }
    void setWhere(const std::string& where) { where_ = where; }
    /// A report option without "--": set("buckets", "30,60,90").
    void set(const std::string& key, const std::string& value) { options_[key] = value; }
    /// A role-scoped view (collector, credit_manager, sales, admin) and its user.
    void setRole(const std::string& role) { role_ = role; }
    void setUser(const std::string& user) { user_ = user; }

private:
    friend class Ledger;
    std::string base_currency_, by_, where_, role_, user_;
    std::map<std::string, std::string> options_;
};

/// A loaded, validated data directory (immutable; may be shared between threads).
class Ledger {
public:
    static Ledger* load(const std::string& dir) { return new Ledger(dsocore::Ledger::load(dir)); }
    /// A data directory or a snapshot (*.dsoc); templates = true reads the message
    /// templates too (render needs them).
    static Ledger* open(const std::string& path, bool templates) {
        LoadOptions o;
        o.templates = templates;
        return new Ledger(dsocore::Ledger::load(path, o), templates);
    }
    static bool isSnapshot(const std::string& path) { return dsocore::Ledger::is_snapshot(path); }
    /// Writes a binary snapshot that load/open read back without parsing CSV.
    void saveSnapshot(const std::string& file) const { l_->save_snapshot(file); }
    /// `dsocore export`: "csv" (a directory) or "xlsx" (a workbook); asOf "" = latest date.
    void exportData(const std::string& output, const std::string& format, bool canonical, const std::string& asOf) const {
        exportData(output, format, canonical, asOf, "", "");
    }
    /// The same under a role-scoped view (role "" = none): admin only, another role is
    /// refused (Errc::permission) before anything is written.
    void exportData(const std::string& output, const std::string& format, bool canonical, const std::string& asOf,
                    const std::string& role, const std::string& user) const {
        ExportOptions o;
        if (format != "csv" && format != "xlsx")
            throw Error(Errc::invalid_argument, "format '" + format + "': expected csv or xlsx");
        o.format = format;
        o.canonical = canonical;
        if (!asOf.empty()) o.as_of = date(asOf);
        std::optional<RoleView> view;
        if (!role.empty()) {
            view.emplace(*l_, parse_role_or_throw(role), user);
            o.view = &*view;
        } else if (!user.empty()) {
            throw Error(Errc::invalid_argument, "user '" + user + "' without a role");
        }
        export_data(*l_, output, o);
    }
    /// The message of payer customer ("[ENTITY:]ID") for a step at asOf; scenario "" = any.
    Message* render(const std::string& asOf, const std::string& customer, const std::string& step,
                    const std::string& scenario) const {
        if (!templates_)
            throw Error(Errc::invalid_argument,
                        "render: the ledger was loaded without its message templates: use Ledger.open(path, true)");
        const auto [entity, id] = split_customer_key(customer);
        return new Message(render_step(*l_, date(asOf), entity, id, step, scenario));
    }
    /// `dsocore search`: where "" = every customer the view sees; role "" = unrestricted.
    Table* search(const std::string& asOf, const std::string& where, const std::string& baseCurrency,
                  const std::string& role, const std::string& user) const {
        SearchRequest s;
        s.as_of = date(asOf);
        s.where = where;
        s.base = currency(baseCurrency);
        if (!role.empty()) s.role = parse_role_or_throw(role);
        s.user = user;
        if (s.role == Role::collector && user.empty()) throw Error(Errc::invalid_argument, "a collector's view needs a user");
        const auto risk = l_->directory().empty() ? std::filesystem::path() : l_->directory() / "risk.json";
        return new Table(search_table(*l_, s, risk));
    }
    /// From in-memory files: names[i] ("customers.csv" …) holds texts[i].
    static Ledger* loadSources(const std::vector<std::string>& names, const std::vector<std::string>& texts) {
        if (names.size() != texts.size())
            throw Error(Errc::invalid_argument, "loadSources: names and texts differ in length");
        DataSources src;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (!src.emplace(names[i], texts[i]).second)
                throw Error(Errc::invalid_argument, "loadSources: file '" + names[i] + "' given twice");
        return new Ledger(dsocore::Ledger::load_sources(src));
    }
    /// Full validation (templates included), as `dsocore validate`.
    static void validate(const std::string& dir) {
        LoadOptions o;
        o.templates = true;
        (void)dsocore::Ledger::load(dir, o);
    }
    std::int64_t customerCount() const { return static_cast<std::int64_t>(l_->customers().size()); }
    std::int64_t itemCount() const { return static_cast<std::int64_t>(l_->items().size()); }
    void exportTo(const std::string& dir) const { l_->save(dir); }
    std::string fileText(const std::string& file) const { return l_->csv_text(file); }

    Table* report(const std::string& name, const std::string& asOf, const ReportOptions& o) const {
        ReportRequest req;
        req.name = name;
        const auto d = Date::parse(asOf);
        if (!d) throw Error(Errc::invalid_argument, "asOf '" + asOf + "': expected a date YYYY-MM-DD");
        req.as_of = *d;
        if (!o.base_currency_.empty()) {
            req.base_currency = Currency::find(o.base_currency_);
            if (!req.base_currency)
                throw Error(Errc::invalid_argument,
                            "base currency '" + o.base_currency_ + "': expected an ISO 4217 currency code");
        }
        req.by = o.by_;
        req.where = o.where_;
        req.options = o.options_;
        req.customer_scope = scope(o.role_, o.user_);
        return new Table(run_report(*l_, req));
    }

    /// The day's collection agenda; baseCurrency "" = company default; under a role
    /// (role "" = none) only the rows of the payers the view sees.
    Table* agenda(const std::string& asOf, int horizonDays, const std::string& baseCurrency,
                  const std::string& role = "", const std::string& user = "") const {
        AgendaOptions o;
        if (horizonDays < 0) throw Error(Errc::invalid_argument, "horizonDays: expected a number of days >= 0");
        o.horizon_days = horizonDays;
        o.base_currency = currency(baseCurrency);
        o.customer_scope = scope(role, user);
        return new Table(agenda_table(*l_, compute_agenda(*l_, date(asOf), o)));
    }
    /// The alerts that match at asOf (every built-in rule, default thresholds); under a
    /// role only the customers the view sees.
    Table* alerts(const std::string& asOf, const std::string& baseCurrency, const std::string& role = "",
                  const std::string& user = "") const {
        AlertOptions o;
        o.base_currency = currency(baseCurrency);
        o.customer_scope = scope(role, user);
        return new Table(alerts_table(*l_, compute_alerts(*l_, date(asOf), o)));
    }

    static std::vector<std::string> reportNames() {
        std::vector<std::string> r;
        for (const auto& i : report_registry()) r.push_back(i.name);
        return r;
    }

private:
    friend class DataDirectory;
    static Date date(const std::string& asOf) {
        const auto d = Date::parse(asOf);
        if (!d) throw Error(Errc::invalid_argument, "asOf '" + asOf + "': expected a date YYYY-MM-DD");
        return *d;
    }
    static std::optional<Currency> currency(const std::string& code) {
        if (code.empty()) return std::nullopt;
        auto c = Currency::find(code);
        if (!c) throw Error(Errc::invalid_argument, "base currency '" + code + "': expected an ISO 4217 currency code");
        return c;
    }
    /// The customer rows a role-scoped view sees (a collector's customers; empty: every
    /// customer, with role "" or another role).
    std::vector<std::uint8_t> scope(const std::string& role, const std::string& user) const {
        if (role.empty()) {
            if (!user.empty()) throw Error(Errc::invalid_argument, "user '" + user + "' without a role");
            return {};
        }
        return RoleView(*l_, parse_role_or_throw(role), user).scope();
    }
    explicit Ledger(dsocore::Ledger l, bool templates = false)
        : l_(std::make_shared<const dsocore::Ledger>(std::move(l))), templates_(templates) {}
    std::shared_ptr<const dsocore::Ledger> l_;
    bool templates_ = false;
};

/// An action to record (`dsocore act`).
class ActionRequest {
public:
    void setDate(const std::string& d) { date_ = d; }
    void setCustomer(const std::string& c) { customer_ = c; }
    void setStep(const std::string& s) { step_ = s; }
    void setScenario(const std::string& s) { scenario_ = s; }
    void setChannel(const std::string& c) { channel_ = c; }
    void setItems(const std::vector<std::string>& ids) { items_ = ids; }
    void setUser(const std::string& u) { user_ = u; }
    void setOutcome(const std::string& o) { outcome_ = o; }
    void setComment(const std::string& c) { comment_ = c; }

private:
    friend class DataDirectory;
    std::string date_, customer_, step_, scenario_, channel_;
    std::vector<std::string> items_;
    std::string user_, outcome_, comment_;
};

/// What record_action wrote.
class RecordedAction {
public:
    explicit RecordedAction(dsocore::RecordedAction a) : a_(std::move(a)) {}
    std::string actionId() const { return a_.action_id; }
    std::string entity() const { return a_.entity; }
    std::string customerId() const { return a_.customer_id; }
    std::string scenario() const { return a_.scenario; }
    std::string step() const { return a_.step; }
    std::string channel() const { return dsocore::to_string(a_.channel); }
    std::vector<std::string> itemIds() const { return a_.item_ids; }
    /// The CSV line appended to actions.csv (without LF).
    std::string line() const { return a_.line; }

private:
    dsocore::RecordedAction a_;
};

/// The options of an import besides the data directory and the input.
class ImportRequest {
public:
    void setProfile(const std::string& path) { profile_ = path; }
    void setProfileJson(const std::string& json) { profile_json_ = json; }
    void setKind(const std::string& kind) { kind_ = kind; }
    void setDate(const std::string& d) { date_ = d; }
    void setDryRun(bool dry) { dry_run_ = dry; }
    void setRejectsPath(const std::string& p) { rejects_ = p; }

private:
    friend class DataDirectory;
    std::string profile_, profile_json_, kind_, date_;
    bool dry_run_ = false;
    std::string rejects_;
};

/// The outcome of an import: counts, the reject file, the changes.
class ImportResult {
public:
    explicit ImportResult(detail::ImportOutcome r) : r_(std::move(r)) {}
    bool applied() const { return r_.applied; }
    std::int64_t created() const { return r_.created; }
    std::int64_t updated() const { return r_.updated; }
    std::int64_t unchanged() const { return r_.unchanged; }
    std::int64_t closed() const { return r_.closed; }
    std::int64_t rejected() const { return r_.rejected; }
    std::string rejectsFile() const { return r_.rejects_file; }
    std::string failure() const { return r_.failure; }
    std::string encoding() const { return r_.encoding; }
    std::string summary() const { return r_.summary; }
    std::vector<std::string> changes() const { return r_.changes; }
    /// The refused lines: line, raw, reasons ("; "-separated).
    Table* rejects() const {
        dsocore::Table t;
        t.report = "import_rejects";
        const std::size_t c_line = t.add_column("line", CellType::integer);
        const std::size_t c_raw = t.add_column("raw", CellType::text);
        const std::size_t c_why = t.add_column("reasons", CellType::text);
        for (std::size_t i = 0; i < r_.reject_lines.size(); ++i) {
            t.push_int(c_line, r_.reject_lines[i]);
            t.push_text(c_raw, r_.reject_raw[i]);
            t.push_text(c_why, r_.reject_reasons[i]);
        }
        return new Table(std::move(t));
    }

private:
    detail::ImportOutcome r_;
};

/// Who acts on a limit request, and on what.
class LimitOptions {
public:
    void setRole(const std::string& r) { role_ = r; }
    void setUser(const std::string& u) { user_ = u; }
    void setCustomer(const std::string& c) { customer_ = c; }
    void setRequestId(std::int64_t id) { request_id_ = id; }
    void setAmount(const std::string& a) { amount_ = a; }
    void setComment(const std::string& c) { comment_ = c; }
    void setAsOf(const std::string& d) { as_of_ = d; }

private:
    friend class DataDirectory;
    std::string role_, user_, customer_;
    std::int64_t request_id_ = 0;
    std::string amount_, comment_, as_of_;
};

/// Counts of an assignment or of its undo.
class AssignResult {
public:
    AssignResult(std::int64_t matched, std::int64_t changed, std::int64_t batch, dsocore::Table changes)
        : matched_(matched), changed_(changed), batch_(batch), changes_(std::move(changes)) {}
    std::int64_t matched() const { return matched_; }
    /// Customers changed (assign) or restored (undo).
    std::int64_t changed() const { return changed_; }
    std::int64_t batch() const { return batch_; }
    /// entity, customer_id, old_value, new_value of each change.
    Table* changes() const { return new Table(changes_); }

private:
    std::int64_t matched_, changed_, batch_;
    dsocore::Table changes_;
};

/// The operations that write a data directory: act, import, limit workflow, assign.
class DataDirectory {
public:
    explicit DataDirectory(const std::string& dir) : dir_(dir) {
        if (dir.empty()) throw Error(Errc::invalid_argument, "DataDirectory: empty path");
    }
    std::string path() const { return dir_; }

    RecordedAction* act(const ActionRequest& r) const {
        dsocore::ActionRequest req;
        req.date = Ledger::date(r.date_);
        auto [entity, id] = split_customer_key(r.customer_);
        req.entity = entity;
        req.customer_id = id;
        req.step = r.step_;
        req.scenario = r.scenario_;
        if (!r.channel_.empty()) {
            req.channel = parse_channel(r.channel_);
            if (!req.channel)
                throw Error(Errc::invalid_argument, "channel '" + r.channel_ + "': expected email, sms, letter, call or task");
        }
        if (req.step.empty() && !req.channel)
            throw Error(Errc::invalid_argument, "act: name a scenario step, or a channel for an action out of scenario");
        req.item_ids = r.items_;
        req.user = r.user_;
        req.outcome = r.outcome_;
        req.comment = r.comment_;
        const dsocore::Ledger l = dsocore::Ledger::load(dir_);
        return new RecordedAction(record_action(l, req));
    }
    /// `dsocore act --ignore`: returns how many items were not ignored yet.
    std::int64_t ignoreItems(const std::string& date, const std::string& customer, const std::vector<std::string>& ids) const {
        const auto [entity, id] = split_customer_key(customer);
        dsocore::Ledger l = dsocore::Ledger::load(dir_);
        return static_cast<std::int64_t>(ignore_payer_items(l, entity, id, ids, Ledger::date(date)));
    }

    ImportResult* importFile(const std::string& input, const ImportRequest& r) const {
        detail::ImportArgs a;
        a.data_dir = dir_;
        a.input = input;
        a.profile = r.profile_;
        a.profile_json = r.profile_json_;
        a.kind = r.kind_;
        a.date = r.date_;
        a.rejects = r.rejects_;
        a.dry_run = r.dry_run_;
        return new ImportResult(detail::run_import(a));
    }

    /// The limit workflow; each returns the request afterwards as a one-row table.
    Table* limitRequest(const LimitOptions& o) const {
        if (o.customer_.empty() || o.amount_.empty())
            throw Error(Errc::invalid_argument, "limitRequest: customer and amount are required");
        std::optional<Date> as_of;
        if (!o.as_of_.empty()) as_of = Ledger::date(o.as_of_);
        LimitWorkflow wf(dir_);
        return new Table(requests_table({wf.request(actor(o, true), o.customer_, o.amount_, o.comment_, as_of)}));
    }
    Table* limitApprove(const LimitOptions& o) const { return decide(o, true); }
    Table* limitReject(const LimitOptions& o) const { return decide(o, false); }
    Table* limitHistory(const LimitOptions& o) const {
        return new Table(LimitWorkflow(dir_).history(actor(o, false), o.customer_, request(o)));
    }
    Table* limitRequests(const LimitOptions& o) const {
        return new Table(requests_table(LimitWorkflow(dir_).requests(actor(o, false))));
    }

    /// `dsocore assign`: field = value on the customers the search finds at asOf.
    AssignResult* assign(const std::string& asOf, const std::string& where, const std::string& field,
                         const std::string& value, bool dryRun, const std::string& role, const std::string& user) const {
        AssignRequest req;
        req.search.as_of = Ledger::date(asOf);
        if (where.empty())
            throw Error(Errc::invalid_argument, "assign: where is required (an assignment to everyone is not a default)");
        req.search.where = where;
        if (!role.empty()) req.search.role = parse_role_or_throw(role);
        req.search.user = user;
        req.field = field;
        req.value = value;
        req.dry_run = dryRun;
        const dsocore::AssignResult r = dsocore::assign(dir_, req);
        return new AssignResult(static_cast<std::int64_t>(r.matched), static_cast<std::int64_t>(r.changed), r.batch,
                                dsocore::assign_changes_table(r, req.search.as_of));
    }
    /// `dsocore assign undo`: the latest assignment not undone (role "" = unrestricted).
    AssignResult* undoAssign(const std::string& role, const std::string& user) const {
        std::optional<Role> r;
        if (!role.empty()) r = parse_role_or_throw(role);
        const UndoResult u = undo_assign(dir_, r, user);
        return new AssignResult(0, static_cast<std::int64_t>(u.restored), u.batch, dsocore::Table());
    }

private:
    static Actor actor(const LimitOptions& o, bool required) {
        if (required && (o.role_.empty() || o.user_.empty()))
            throw Error(Errc::invalid_argument, "limit: role (credit_manager or admin) and user are required");
        Actor a;
        a.role = o.role_.empty() ? Role::admin : parse_role_or_throw(o.role_);
        a.user = o.user_;
        if (a.role == Role::collector && a.user.empty()) throw Error(Errc::invalid_argument, "a collector's view needs a user");
        return a;
    }
    static std::optional<std::int64_t> request(const LimitOptions& o) {
        if (o.request_id_ < 0) throw Error(Errc::invalid_argument, "requestId must be > 0");
        return o.request_id_ ? std::optional<std::int64_t>(o.request_id_) : std::nullopt;
    }
    Table* decide(const LimitOptions& o, bool approve) const {
        if (o.customer_.empty() && !o.request_id_)
            throw Error(Errc::invalid_argument, "name the customer or the request id");
        LimitWorkflow wf(dir_);
        const Actor who = actor(o, true);
        return new Table(requests_table({approve ? wf.approve(who, o.customer_, o.comment_, request(o))
                                                 : wf.reject(who, o.customer_, o.comment_, request(o))}));
    }
    std::string dir_;
};

/// Whether a role may perform an operation (read, assign_scenario, assign_collector,
/// assign_group, assign_custom, request_limit, approve_limit, export_data).
inline bool roleAllows(const std::string& role, const std::string& operation) {
    return RoleView::allows(parse_role_or_throw(role), parse_operation_or_throw(operation));
}

/// "MAJOR.MINOR.PATCH" of the library.
inline std::string version() {
    return std::to_string(DSOCORE_VERSION_MAJOR) + "." + std::to_string(DSOCORE_VERSION_MINOR) + "." +
           std::to_string(DSOCORE_VERSION_PATCH);
}

} // namespace dsocore::jni
