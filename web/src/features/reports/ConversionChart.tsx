import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { formatMonth } from "../../i18n/format";
import type { MonthFigures } from "./figures";

// Only the parts a bar chart needs: chart.js tree-shakes the rest away. This module (with chart.js) is its
// own chunk, loaded by Conversion through React.lazy once there is something to draw.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const SENT = "#0a5faa";
const CONVERTED = "#1b6e35";

/** Monthly bars of reminders sent and orders credited; the figures table next to it is the text alternative. */
export default function ConversionChart({ months, describedBy }: { months: MonthFigures[]; describedBy: string }) {
  const { t, i18n } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const language = i18n.language;

  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: "bar",
      data: {
        labels: months.map((figures) => formatMonth(figures.month, language)),
        datasets: [
          { label: t("reports.sent"), data: months.map((figures) => figures.sent), backgroundColor: SENT },
          { label: t("reports.converted"), data: months.map((figures) => figures.converted), backgroundColor: CONVERTED },
        ],
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
    return () => chart.destroy();
  }, [months, language, t]);

  const sent = months.reduce((sum, figures) => sum + figures.sent, 0);
  const converted = months.reduce((sum, figures) => sum + figures.converted, 0);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-describedby={describedBy} data-testid="conversion-chart"
        aria-label={t("reports.chartLabel", { sent, converted })} />
    </div>
  );
}
