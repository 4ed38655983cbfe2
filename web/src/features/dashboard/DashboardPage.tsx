import { z } from 'zod';
import { ErrorNotice, LocalTime, PageHeader, Spinner } from '../../components/ui.tsx';
import { diditLabel } from '../../i18n/didit.ts';
import { useLocale, useT } from '../../i18n/I18nProvider.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useUrlState } from '../../lib/url-state.ts';
import { useResource } from '../../lib/use-resource.ts';
import { BarChart } from './BarChart.tsx';
import { browserTimeZone, type DashboardView, DECISION_OUTCOMES, fetchDashboard } from './dashboard.api.ts';
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

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="card dashboard-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function OpenByStatus({ data }: { data: DashboardView }) {
  const t = useT();
  const { locale } = useLocale();
  const labels = data.openByStatus.map((s) => diditLabel('status', s.statusKey));
  return (
    <Section id="dash-open" title={t('dashboard.open.title')}>
      <p>{t('dashboard.open.total', { count: data.openTotal, shown: n(data.openTotal) })}</p>
      <BarChart
        locale={locale}
        stacked
        labels={labels}
        summary={t('dashboard.chart_summary', { title: t('dashboard.open.title') })}
        series={[
          { label: t('dashboard.kind.user'), data: data.openByStatus.map((s) => s.user), color: 'accent' },
          {
            label: t('dashboard.kind.business'),
            data: data.openByStatus.map((s) => s.business),
            color: 'review',
          },
        ]}
      />
      <table className="data-table compact" data-testid="dash-open-table">
        <caption className="visually-hidden">{t('dashboard.open.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.col.status')}</th>
            <th scope="col" className="num">
              {t('dashboard.kind.user')}
            </th>
            <th scope="col" className="num">
              {t('dashboard.kind.business')}
            </th>
            <th scope="col" className="num">
              {t('dashboard.col.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {data.openByStatus.map((s, i) => (
            <tr key={s.statusKey} data-status={s.statusKey}>
              <th scope="row">{labels[i]}</th>
              <td className="num">{n(s.user)}</td>
              <td className="num">{n(s.business)}</td>
              <td className="num">{n(s.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function InReviewAge({ data }: { data: DashboardView }) {
  const t = useT();
  const { locale } = useLocale();
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
    <Section id="dash-age" title={t('dashboard.age.title')}>
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
      <BarChart
        locale={locale}
        labels={buckets.map((b) => b.label)}
        summary={t('dashboard.chart_summary', { title: t('dashboard.age.title') })}
        series={[
          {
            label: t('dashboard.col.cases'),
            data: buckets.map((b) => b.value),
            color: ['ok', 'warn', 'bad'],
          },
        ]}
      />
      <table className="data-table compact" data-testid="dash-age-table">
        <caption className="visually-hidden">{t('dashboard.age.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.col.age')}</th>
            <th scope="col" className="num">
              {t('dashboard.col.cases')}
            </th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((b) => (
            <tr
              key={b.key}
              data-bucket={b.key}
              className={b.key === 'breached' && b.value > 0 ? 'sla-breached' : undefined}
            >
              <th scope="row">{b.label}</th>
              <td className="num">{n(b.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function DecisionsPerDay({ data }: { data: DashboardView }) {
  const t = useT();
  const { locale } = useLocale();
  const outcome = {
    Approved: t('dashboard.outcome.approved'),
    Declined: t('dashboard.outcome.declined'),
    Resubmitted: t('dashboard.outcome.resubmitted'),
  };
  const days = data.perDay.map((d) => dayLabel(d.day, locale));
  return (
    <Section id="dash-days" title={t('dashboard.days.title', { days: data.days })}>
      <BarChart
        locale={locale}
        stacked
        labels={days}
        summary={t('dashboard.chart_summary', { title: t('dashboard.days.title', { days: data.days }) })}
        series={DECISION_OUTCOMES.map((o) => ({
          label: outcome[o],
          data: data.perDay.map((d) => d[o]),
          color: OUTCOME_COLOR[o],
        }))}
      />
      {/* A wide table scrolls inside its wrapper; focusable and named so a keyboard user can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable) */}
      <section className="table-scroll" aria-labelledby="dash-days" tabIndex={0}>
        <table className="data-table compact" data-testid="dash-days-table">
          <caption className="visually-hidden">{t('dashboard.days.title', { days: data.days })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.col.day')}</th>
              {DECISION_OUTCOMES.map((o) => (
                <th key={o} scope="col" className="num">
                  {outcome[o]}
                </th>
              ))}
              <th scope="col" className="num">
                {t('dashboard.col.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.perDay.map((d, i) => (
              <tr key={d.day} data-day={d.day}>
                <th scope="row">{days[i]}</th>
                {DECISION_OUTCOMES.map((o) => (
                  <td key={o} className="num">
                    {n(d[o])}
                  </td>
                ))}
                <td className="num">{n(d.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Section>
  );
}

function Throughput({ data }: { data: DashboardView }) {
  const t = useT();
  const { locale } = useLocale();
  const outcome = {
    Approved: t('dashboard.outcome.approved'),
    Declined: t('dashboard.outcome.declined'),
    Resubmitted: t('dashboard.outcome.resubmitted'),
  };
  return (
    <Section id="dash-people" title={t('dashboard.people.title', { days: data.days })}>
      {data.throughput.length === 0 ? (
        <p className="muted">{t('dashboard.people.none')}</p>
      ) : (
        <>
          <BarChart
            locale={locale}
            stacked
            horizontal
            labels={data.throughput.map((r) => r.name)}
            summary={t('dashboard.chart_summary', {
              title: t('dashboard.people.title', { days: data.days }),
            })}
            series={[
              ...DECISION_OUTCOMES.map((o) => ({
                label: outcome[o],
                data: data.throughput.map((r) => r[o]),
                color: OUTCOME_COLOR[o],
              })),
              {
                label: t('dashboard.people.confirmed'),
                data: data.throughput.map((r) => r.confirmed),
                color: 'info' as const,
              },
            ]}
          />
          {/* A wide table scrolls inside its wrapper; focusable and named so a keyboard user can scroll it too. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable) */}
          <section className="table-scroll" aria-labelledby="dash-people" tabIndex={0}>
            <table className="data-table compact" data-testid="dash-people-table">
              <caption className="visually-hidden">
                {t('dashboard.people.title', { days: data.days })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.col.reviewer')}</th>
                  {DECISION_OUTCOMES.map((o) => (
                    <th key={o} scope="col" className="num">
                      {outcome[o]}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('dashboard.people.decided')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboard.people.confirmed')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.throughput.map((r) => (
                  <tr key={r.id} data-reviewer={r.id}>
                    <th scope="row" dir="auto">
                      {r.name}
                    </th>
                    {DECISION_OUTCOMES.map((o) => (
                      <td key={o} className="num">
                        {n(r[o])}
                      </td>
                    ))}
                    <td className="num">{n(r.decided)}</td>
                    <td className="num">{n(r.confirmed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </Section>
  );
}

function AmlDispositions({ data }: { data: DashboardView }) {
  const t = useT();
  const { locale } = useLocale();
  const labels = data.aml.map((a) => diditLabel('amlReview', a.status));
  return (
    <Section id="dash-aml" title={t('dashboard.aml.title', { days: data.days })}>
      <BarChart
        locale={locale}
        labels={labels}
        summary={t('dashboard.chart_summary', { title: t('dashboard.aml.title', { days: data.days }) })}
        series={[
          {
            label: t('dashboard.col.count'),
            data: data.aml.map((a) => a.count),
            color: data.aml.map((_, i) => AML_COLOR[i % AML_COLOR.length]!),
          },
        ]}
      />
      <table className="data-table compact" data-testid="dash-aml-table">
        <caption className="visually-hidden">{t('dashboard.aml.title', { days: data.days })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.col.disposition')}</th>
            <th scope="col" className="num">
              {t('dashboard.col.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {data.aml.map((a, i) => (
            <tr key={a.status} data-disposition={a.status}>
              <th scope="row">{labels[i]}</th>
              <td className="num">{n(a.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small" data-testid="dash-aml-undone">
        {t('dashboard.aml.undone', { count: data.amlUndone, shown: n(data.amlUndone) })}
      </p>
    </Section>
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
