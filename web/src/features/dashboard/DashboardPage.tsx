import type { ComponentProps, ReactNode } from 'react';
import { z } from 'zod';
import { ErrorNotice, LocalTime, PageHeader, Spinner } from '../../components/ui.tsx';
import { diditLabel } from '../../i18n/didit.ts';
import { useLocale, useT } from '../../i18n/I18nProvider.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useUrlState } from '../../lib/url-state.ts';
import { useResource } from '../../lib/use-resource.ts';
import { BarChart } from './BarChart.tsx';
import { browserTimeZone, type DashboardView, DECISION_OUTCOMES, fetchDashboard } from './dashboard.api.ts';
import { type FigureRow, FigureTable } from './FigureTable.tsx';
import './dashboard.css';

const WINDOWS = [7, 14, 30, 90] as const;
const searchSchema = z.object({
  days: z.coerce
    .number()
    .refine((d) => (WINDOWS as readonly number[]).includes(d))
    .catch(14)
    .default(14),
});

const OUTCOME_COLOR = { Approved: 'ok', Declined: 'bad', Resubmitted: 'warn' } as const;
const AML_COLOR = ['muted', 'bad', 'ok', 'warn'] as const;
const n = (v: number) => formatNumber(v);

/** 'YYYY-MM-DD' (a calendar day of the window's time zone) as a short date in the console's language. */
function dayLabel(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card dashboard-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * A panel: a chart and the same figures as a table (its accessible alternative, `<id>-table`), both named by
 * the panel's title; `children` come above the chart, `footer` below the table. A wide table (`scroll`)
 * scrolls in a region the title names.
 */
function FigureSection({
  id,
  title,
  chart,
  table,
  children,
  footer,
}: {
  id: string;
  title: string;
  chart: Omit<ComponentProps<typeof BarChart>, 'locale' | 'summary'>;
  table: { head: string[]; rows: FigureRow[]; scroll?: boolean };
  children?: ReactNode;
  footer?: ReactNode;
}) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <Section id={id} title={title}>
      {children}
      <BarChart {...chart} locale={locale} summary={t('dashboard.chart_summary', { title })} />
      <FigureTable
        testId={`${id}-table`}
        caption={title}
        head={table.head}
        rows={table.rows}
        scrollLabelledBy={table.scroll ? id : undefined}
      />
      {footer}
    </Section>
  );
}

/** The decision outcomes in the console's language, in DECISION_OUTCOMES order. */
function useOutcomeLabels(): Record<(typeof DECISION_OUTCOMES)[number], string> {
  const t = useT();
  return {
    Approved: t('dashboard.outcome.approved'),
    Declined: t('dashboard.outcome.declined'),
    Resubmitted: t('dashboard.outcome.resubmitted'),
  };
}

function OpenByStatus({ data }: { data: DashboardView }) {
  const t = useT();
  const labels = data.openByStatus.map((s) => diditLabel('status', s.statusKey));
  const kinds = [t('dashboard.kind.user'), t('dashboard.kind.business')];
  return (
    <FigureSection
      id="dash-open"
      title={t('dashboard.open.title')}
      chart={{
        stacked: true,
        labels,
        series: [
          { label: kinds[0]!, data: data.openByStatus.map((s) => s.user), color: 'accent' },
          { label: kinds[1]!, data: data.openByStatus.map((s) => s.business), color: 'review' },
        ],
      }}
      table={{
        head: [t('dashboard.col.status'), ...kinds, t('dashboard.col.total')],
        rows: data.openByStatus.map((s, i) => ({
          key: s.statusKey,
          data: { 'data-status': s.statusKey },
          label: labels[i],
          values: [s.user, s.business, s.total],
        })),
      }}
    >
      <p>{t('dashboard.open.total', { count: data.openTotal, shown: n(data.openTotal) })}</p>
    </FigureSection>
  );
}

function InReviewAge({ data }: { data: DashboardView }) {
  const t = useT();
  const r = data.inReview;
  const hours = formatNumber(data.slaHours);
  const buckets = [
    {
      key: 'under_half',
      label: t('dashboard.age.under_half', { hours: formatNumber(data.slaHours / 2) }),
      value: r.underHalfSla,
    },
    { key: 'under_sla', label: t('dashboard.age.under_sla', { hours }), value: r.underSla },
    { key: 'breached', label: t('dashboard.age.breached', { hours }), value: r.breached },
  ];
  return (
    <FigureSection
      id="dash-age"
      title={t('dashboard.age.title')}
      chart={{
        labels: buckets.map((b) => b.label),
        series: [
          {
            label: t('dashboard.col.cases'),
            data: buckets.map((b) => b.value),
            color: ['ok', 'warn', 'bad'],
          },
        ],
      }}
      table={{
        head: [t('dashboard.col.age'), t('dashboard.col.cases')],
        rows: buckets.map((b) => ({
          key: b.key,
          data: { 'data-bucket': b.key },
          label: b.label,
          values: [b.value],
          className: b.key === 'breached' && b.value > 0 ? 'sla-breached' : undefined,
        })),
      }}
    >
      <p
        className={r.breached > 0 ? 'sla-summary sla-breached' : 'sla-summary sla-ok'}
        data-testid="dash-sla-summary"
      >
        {r.breached > 0 ? <span aria-hidden="true">⚠ </span> : null}
        {t('dashboard.age.summary', { breached: r.breached, shown: n(r.breached), total: n(r.total), hours })}
      </p>
      {r.oldestCreatedAt && (
        <p className="muted small">
          {t.rich('dashboard.age.oldest', { time: <LocalTime iso={r.oldestCreatedAt} /> })}
        </p>
      )}
    </FigureSection>
  );
}

function DecisionsPerDay({ data }: { data: DashboardView }) {
  const t = useT();
  const { locale } = useLocale();
  const outcome = useOutcomeLabels();
  const days = data.perDay.map((d) => dayLabel(d.day, locale));
  return (
    <FigureSection
      id="dash-days"
      title={t('dashboard.days.title', { days: data.days })}
      chart={{
        stacked: true,
        labels: days,
        series: DECISION_OUTCOMES.map((o) => ({
          label: outcome[o],
          data: data.perDay.map((d) => d[o]),
          color: OUTCOME_COLOR[o],
        })),
      }}
      table={{
        scroll: true,
        head: [t('dashboard.col.day'), ...DECISION_OUTCOMES.map((o) => outcome[o]), t('dashboard.col.total')],
        rows: data.perDay.map((d, i) => ({
          key: d.day,
          data: { 'data-day': d.day },
          label: days[i],
          values: [...DECISION_OUTCOMES.map((o) => d[o]), d.total],
        })),
      }}
    />
  );
}

function Throughput({ data }: { data: DashboardView }) {
  const t = useT();
  const outcome = useOutcomeLabels();
  const title = t('dashboard.people.title', { days: data.days });
  const confirmed = t('dashboard.people.confirmed');
  if (data.throughput.length === 0)
    return (
      <Section id="dash-people" title={title}>
        <p className="muted">{t('dashboard.people.none')}</p>
      </Section>
    );
  return (
    <FigureSection
      id="dash-people"
      title={title}
      chart={{
        stacked: true,
        horizontal: true,
        labels: data.throughput.map((r) => r.name),
        series: [
          ...DECISION_OUTCOMES.map((o) => ({
            label: outcome[o],
            data: data.throughput.map((r) => r[o]),
            color: OUTCOME_COLOR[o],
          })),
          { label: confirmed, data: data.throughput.map((r) => r.confirmed), color: 'info' as const },
        ],
      }}
      table={{
        scroll: true,
        head: [
          t('dashboard.col.reviewer'),
          ...DECISION_OUTCOMES.map((o) => outcome[o]),
          t('dashboard.people.decided'),
          confirmed,
        ],
        rows: data.throughput.map((r) => ({
          key: r.id,
          data: { 'data-reviewer': r.id },
          label: r.name,
          values: [...DECISION_OUTCOMES.map((o) => r[o]), r.decided, r.confirmed],
        })),
      }}
    />
  );
}

function AmlDispositions({ data }: { data: DashboardView }) {
  const t = useT();
  const labels = data.aml.map((a) => diditLabel('amlReview', a.status));
  return (
    <FigureSection
      id="dash-aml"
      title={t('dashboard.aml.title', { days: data.days })}
      chart={{
        labels,
        series: [
          {
            label: t('dashboard.col.count'),
            data: data.aml.map((a) => a.count),
            color: data.aml.map((_, i) => AML_COLOR[i % AML_COLOR.length]!),
          },
        ],
      }}
      table={{
        head: [t('dashboard.col.disposition'), t('dashboard.col.count')],
        rows: data.aml.map((a, i) => ({
          key: a.status,
          data: { 'data-disposition': a.status },
          label: labels[i],
          values: [a.count],
        })),
      }}
      footer={
        <p className="muted small" data-testid="dash-aml-undone">
          {t('dashboard.aml.undone', { count: data.amlUndone, shown: n(data.amlUndone) })}
        </p>
      }
    />
  );
}

export default function DashboardPage() {
  const t = useT();
  const [state, update] = useUrlState(searchSchema);
  const tz = browserTimeZone();
  const { data, error, loading } = useResource(`${state.days}|${tz}`, (signal) =>
    fetchDashboard({ days: state.days, tz }, signal),
  );
  return (
    <div className="dashboard">
      <PageHeader title={t('dashboard.title')}>
        <label className="field-inline">
          {t('dashboard.window')}{' '}
          <select
            className="input"
            value={state.days}
            onChange={(e) => update({ days: Number(e.target.value) })}
          >
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                {t('dashboard.window.days', { days: d })}
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      {error ? <ErrorNotice error={error} /> : null}
      {loading && !data ? <Spinner label={t('dashboard.loading')} /> : null}
      {data && (
        <>
          <p className="muted small">
            {t.rich('dashboard.generated', {
              time: <LocalTime iso={data.generatedAt} />,
              zone: data.timeZone,
            })}
          </p>
          <div className="dashboard-grid">
            <InReviewAge data={data} />
            <OpenByStatus data={data} />
            <DecisionsPerDay data={data} />
            <Throughput data={data} />
            <AmlDispositions data={data} />
          </div>
        </>
      )}
    </div>
  );
}
