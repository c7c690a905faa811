// dsocore Java door — the small C++ surface SWIG wraps (the .i files add the Java types:
// BigDecimal, LocalDate, AutoCloseable). Errors are dsocore::Error; the root .i turns every
// exception into a Java DsoException carrying the C++ message.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsocore/core/error.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/alerts.hpp"
#include "dsocore/reports/report.hpp"

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

/// The request of a report besides its name and date.
class ReportOptions {
public:
    void setBaseCurrency(const std::string& code) { base_currency_ = code; }
    void setBy(const std::string& by) { by_ = by; }
    void setWhere(const std::string& where) { where_ = where; }
    /// A report option without "--": set("buckets", "30,60,90").
    void set(const std::string& key, const std::string& value) { options_[key] = value; }

private:
    friend class Ledger;
    std::string base_currency_, by_, where_;
    std::map<std::string, std::string> options_;
};

/// A loaded, validated data directory (immutable; may be shared between threads).
class Ledger {
public:
    static Ledger* load(const std::string& dir) { return new Ledger(dsocore::Ledger::load(dir)); }
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
        return new Table(run_report(*l_, req));
    }

    /// The day's collection agenda; baseCurrency "" = company default.
    Table* agenda(const std::string& asOf, int horizonDays, const std::string& baseCurrency) const {
        AgendaOptions o;
        if (horizonDays < 0) throw Error(Errc::invalid_argument, "horizonDays: expected a number of days >= 0");
        o.horizon_days = horizonDays;
        o.base_currency = currency(baseCurrency);
        return new Table(agenda_table(*l_, compute_agenda(*l_, date(asOf), o)));
    }
    /// The alerts that match at asOf (every built-in rule, default thresholds).
    Table* alerts(const std::string& asOf, const std::string& baseCurrency) const {
        AlertOptions o;
        o.base_currency = currency(baseCurrency);
        return new Table(alerts_table(*l_, compute_alerts(*l_, date(asOf), o)));
    }

    static std::vector<std::string> reportNames() {
        std::vector<std::string> r;
        for (const auto& i : report_registry()) r.push_back(i.name);
        return r;
    }

private:
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
    explicit Ledger(dsocore::Ledger l) : l_(std::make_shared<const dsocore::Ledger>(std::move(l))) {}
    std::shared_ptr<const dsocore::Ledger> l_;
};

/// "MAJOR.MINOR.PATCH" of the library.
inline std::string version() {
    return std::to_string(DSOCORE_VERSION_MAJOR) + "." + std::to_string(DSOCORE_VERSION_MINOR) + "." +
           std::to_string(DSOCORE_VERSION_PATCH);
}

} // namespace dsocore::jni
