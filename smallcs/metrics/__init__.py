"""SmallCS's figures: the one place every metric of DESIGN.md is defined.

The dashboard, the PDF report, goals and the CLI all call these functions, so a
figure means the same everywhere. Everything is computed as SQL aggregates
over a ``Period`` (months cut in the shop's time zone) and an optional
``MetricFilter``; see each module's docstring for which records a figure
counts.
"""

from smallcs.metrics.breakdowns import (
    CategoryResolution,
    StaffFigures,
    resolution_by_category,
    staff_figures,
    staff_post_resolution_csat,
)
from smallcs.metrics.catalog import (
    HEADLINE_KEYS,
    METRICS,
    MetricSpec,
    metric_value,
    spec,
)
from smallcs.metrics.complaints import (
    AGE_BUCKETS,
    Backlog,
    CategoryCount,
    ComplaintMetrics,
    DurationStats,
    ResolutionFigures,
    backlog_at,
    complaint_metrics,
    counts_by_category,
    escalations,
    first_response,
    overdue_at,
    resolution,
)
from smallcs.metrics.coverage import (
    before_first_activity,
    first_activity,
    last_complete_month,
    reportable_months,
)
from smallcs.metrics.display import format_value, signed
from smallcs.metrics.intervals import (
    FEW_ANSWERS,
    Interval,
    few_answers,
    nps_adjusted_wald,
    nps_score,
    wilson,
)
from smallcs.metrics.memo import memo
from smallcs.metrics.periods import NO_FILTER, MetricFilter, Period, shop_zone
from smallcs.metrics.series import (
    CategoryTrend,
    Delta,
    SeriesPoint,
    delta,
    leading_streak,
    month_over_month,
    monthly_series,
    top_categories,
    year_over_year,
)
from smallcs.metrics.summary import (
    Headline,
    MonthlySummary,
    headline_sentences,
    monthly_summary,
)
from smallcs.metrics.surveys import (
    CesFigure,
    CsatFigure,
    NpsFigure,
    ResponseRate,
    SurveyMetrics,
    ces,
    csat,
    distribution,
    general_csat,
    nps,
    post_resolution_csat,
    response_rate,
    survey_metrics,
)

__all__ = [
    "AGE_BUCKETS", "FEW_ANSWERS", "HEADLINE_KEYS", "METRICS", "NO_FILTER", "Backlog",
    "CategoryCount", "CategoryResolution", "CategoryTrend", "CesFigure", "ComplaintMetrics",
    "CsatFigure", "Delta", "DurationStats", "Headline", "Interval", "MetricFilter", "MetricSpec",
    "MonthlySummary", "NpsFigure", "Period", "ResolutionFigures", "ResponseRate", "SeriesPoint",
    "StaffFigures", "SurveyMetrics", "backlog_at", "before_first_activity", "ces", "complaint_metrics", "counts_by_category",
    "csat", "delta", "distribution", "escalations", "few_answers", "first_activity", "first_response", "format_value",
    "general_csat", "headline_sentences", "last_complete_month", "leading_streak", "memo", "metric_value",
    "month_over_month", "monthly_series", "monthly_summary", "nps", "nps_adjusted_wald",
    "nps_score", "overdue_at", "post_resolution_csat", "reportable_months", "resolution",
    "resolution_by_category", "response_rate", "shop_zone", "signed", "spec", "staff_figures",
    "staff_post_resolution_csat", "survey_metrics", "top_categories", "wilson", "year_over_year",
]
