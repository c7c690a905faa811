"""plot(): a picture for any report from its column types (matplotlib, Agg)."""
import matplotlib

matplotlib.use("Agg")

from conftest import AS_OF  # noqa: E402


def test_aging_plot_stacks_buckets(sample, tmp_path):
    a = sample.aging(AS_OF)
    ax = a.plot(top=10)
    # 10 customers, 5 bucket series (not_due, 1-30, 31-60, 61-90, 91+); totals left out.
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["not_due", "1-30", "31-60", "61-90", "91+"]
    assert len(ax.patches) == 10 * 5
    ax.figure.savefig(tmp_path / "aging.png")


def test_single_row_and_pandas_kinds(sample):
    total = sample.aging(AS_OF, by="total")
    ax = total.plot()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["not_due", "1-30", "31-60", "61-90", "91+"]
    assert callable(total.plot.bar)  # pandas' own kinds stay available


def test_trend_like_report_plots_lines():
    import datetime
    from decimal import Decimal

    import dsocore
    f = dsocore.ReportFrame({"date": [datetime.date(2026, 5, 31), datetime.date(2026, 6, 30)],
                             "outstanding": [Decimal("10.00"), Decimal("12.50")],
                             "overdue": [Decimal("2.00"), Decimal("3.00")], "overdue_pct": [Decimal("20.0"), None]})
    object.__setattr__(f, "column_types", {"date": "date", "outstanding": "decimal(2)", "overdue": "decimal(2)",
                                           "overdue_pct": "decimal(1)"})
    object.__setattr__(f, "report", "overdue_trend")
    ax = f.plot()
    assert len(ax.get_lines()) == 2  # outstanding and overdue over the dates
