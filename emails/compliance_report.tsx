// 이행표준 점검 결과: the monthly standards report, sent to every staff member.
import { Column, Row, Section, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import type { ComplianceReportData, Rate } from "../db/json-types";
import { ActionLink, EmailLayout, factBox, muted, text } from "./_shared/layout";
import { BRAND, type Locale } from "./_shared/format";
import { CHANNELS, DEADLINE_STATE, formatMinutes, formatPeriod, label, RATING_SOURCES, STAFF_METRICS } from "./_shared/operations";

export type ComplianceReportProps = {
  locale: Locale;
  reportUrl: string;
  data: ComplianceReportData;
  staffName?: string;
};

const copy = {
  ko: {
    subject: (p: ComplianceReportProps) =>
      `[이행표준 점검] ${formatPeriod(p.data.period.start, p.data.period.end)} 서비스 이행표준 점검 결과`,
    title: "서비스 이행표준 점검 결과",
    hello: (n?: string) => (n ? `${n}님,` : ""),
    intro: (p: ComplianceReportProps) =>
      `${formatPeriod(p.data.period.start, p.data.period.end)} 기간에 고객 서비스 이행표준을 얼마나 지켰는지 정리한 결과입니다.`,
    overall: "전체 준수율",
    decided: (r: Rate) => `준수 ${r.met}건 / 위반 ${r.breached}건`,
    byMetric: "기한 종류별 준수율",
    byChannel: "접수 채널별 준수율",
    metric: "기한 종류",
    channel: "채널",
    met: "준수",
    breached: "위반",
    rate: "준수율",
    none: "해당 기간에 결과가 정해진 기한이 없습니다.",
    breaches: "기한 위반",
    breachTotal: (n: number, open: number) => `위반 ${n}건 (그중 아직 처리 중인 문의 ${open}건)`,
    guarantee: "서비스 보증 사례",
    guaranteeLine: (o: number, c: number, e: number) => `새로 열림 ${o}건, 종결 ${c}건, 기간 말 미종결 ${e}건`,
    satisfaction: "고객 만족도",
    satisfactionLine: (avg: string, n: number) => `평균 ${avg}점 (응답 ${n}건, 5점 만점)`,
    outages: "서비스 중단",
    outageLine: (d: ComplianceReportData["outages"]) =>
      `${d.count}건 — 복구 예정 안내(3시간) 준수 ${d.etaNotice.met} · 위반 ${d.etaNotice.breached}, 복구(48시간) 준수 ${d.recovery.met} · 위반 ${d.recovery.breached}`,
    avgRecovery: "평균 복구 시간",
    maintenance: "정기 점검 사전 안내 (72시간)",
    maintenanceLine: (d: ComplianceReportData["maintenance"]) =>
      `공지 ${d.count}건 — 사전 안내 부족(위반) ${d.violations}건, 취소 ${d.cancelled}건`,
    surveys: "만족도 조사",
    surveysLine: (d: ComplianceReportData["surveys"]) =>
      `시작한 조사 ${d.campaigns}건, 초대 ${d.invitations}명, 기간 중 응답 ${d.answered}건`,
    open: "서비스 데스크에서 전체 보고서 보기",
  },
  en: {
    subject: (p: ComplianceReportProps) => `[Compliance review] Service standards ${formatPeriod(p.data.period.start, p.data.period.end)}`,
    title: "Service standards compliance review",
    hello: (n?: string) => (n ? `${n},` : ""),
    intro: (p: ComplianceReportProps) =>
      `How well the customer service standards were met from ${formatPeriod(p.data.period.start, p.data.period.end)}.`,
    overall: "Overall compliance",
    decided: (r: Rate) => `${r.met} met / ${r.breached} breached`,
    byMetric: "Compliance by deadline",
    byChannel: "Compliance by channel",
    metric: "Deadline",
    channel: "Channel",
    met: "Met",
    breached: "Breached",
    rate: "Rate",
    none: "No deadline was decided in this period.",
    breaches: "Breaches",
    breachTotal: (n: number, open: number) => `${n} breached (${open} of them on tickets still open)`,
    guarantee: "Service guarantee cases",
    guaranteeLine: (o: number, c: number, e: number) => `${o} opened, ${c} closed, ${e} open at the end of the period`,
    satisfaction: "Customer satisfaction",
    satisfactionLine: (avg: string, n: number) => `Average ${avg} of 5 (${n} answers)`,
    outages: "Service outages",
    outageLine: (d: ComplianceReportData["outages"]) =>
      `${d.count} — recovery ETA notice (3 h): ${d.etaNotice.met} met, ${d.etaNotice.breached} breached; recovery (48 h): ${d.recovery.met} met, ${d.recovery.breached} breached`,
    avgRecovery: "Average time to recover",
    maintenance: "Maintenance notice (72 h)",
    maintenanceLine: (d: ComplianceReportData["maintenance"]) =>
      `${d.count} announced — ${d.violations} with too little notice (violations), ${d.cancelled} cancelled`,
    surveys: "Satisfaction surveys",
    surveysLine: (d: ComplianceReportData["surveys"]) =>
      `${d.campaigns} launched, ${d.invitations} invited, ${d.answered} answers in the period`,
    open: "Open the full report on the desk",
  },
};

const pct = (rate: number | null) => (rate === null ? "—" : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);
const h2: CSSProperties = { color: "#111827", fontSize: 17, fontWeight: 700, margin: "20px 0 8px" };
const cell: CSSProperties = { ...text, fontSize: 14, lineHeight: "20px", margin: 0, padding: "4px 6px", borderBottom: "1px solid #e5e7eb" };
const head: CSSProperties = { ...cell, fontWeight: 700 };

export function subject(p: ComplianceReportProps): string {
  return copy[p.locale].subject(p);
}

export function smsParts(p: ComplianceReportProps) {
  return {
    head: `[${BRAND[p.locale]}] ${copy[p.locale].subject(p)}`,
    body: `${copy[p.locale].overall}: ${pct(p.data.sla.total.rate)}`,
    tail: p.reportUrl,
  };
}

function RateTable(props: { locale: Locale; keyLabel: string; rows: Array<{ key: string } & Rate> }) {
  const c = copy[props.locale];
  if (props.rows.length === 0) return <Text style={muted}>{c.none}</Text>;
  return (
    <Section>
      <Row>
        <Column style={head}>{props.keyLabel}</Column>
        <Column style={head}>{c.met}</Column>
        <Column style={head}>{c.breached}</Column>
        <Column style={head}>{c.rate}</Column>
      </Row>
      {props.rows.map((r) => (
        <Row key={r.key}>
          <Column style={cell}>{r.key}</Column>
          <Column style={cell}>{r.met}</Column>
          <Column style={cell}>{r.breached}</Column>
          <Column style={cell}>{pct(r.rate)}</Column>
        </Row>
      ))}
    </Section>
  );
}

export default function ComplianceReport(p: ComplianceReportProps) {
  const c = copy[p.locale];
  const d = p.data;
  const hello = c.hello(p.staffName);
  return (
    <EmailLayout locale={p.locale} audience="staff" title={c.title} preview={`${c.overall}: ${pct(d.sla.total.rate)}`}>
      {hello ? <Text style={text}>{hello}</Text> : null}
      <Text style={text}>{c.intro(p)}</Text>
      <Section style={factBox}>
        <Text style={{ ...text, margin: 0 }}>
          <strong>{c.overall}</strong>: {pct(d.sla.total.rate)} ({c.decided(d.sla.total)})
        </Text>
      </Section>
      <Text style={h2}>{c.byMetric}</Text>
      <RateTable
        locale={p.locale}
        keyLabel={c.metric}
        rows={d.sla.byMetric.map((r) => ({ ...r, key: label(STAFF_METRICS, r.metric, p.locale) }))}
      />
      <Text style={h2}>{c.byChannel}</Text>
      <RateTable
        locale={p.locale}
        keyLabel={c.channel}
        rows={d.sla.byChannel.map((r) => ({ ...r, key: label(CHANNELS, r.channel, p.locale) }))}
      />
      <Text style={h2}>{c.breaches}</Text>
      <Text style={text}>{c.breachTotal(d.breaches.total, d.breaches.stillOpen)}</Text>
      <Text style={h2}>{c.guarantee}</Text>
      <Text style={text}>{c.guaranteeLine(d.guarantee.opened, d.guarantee.closed, d.guarantee.openAtEnd)}</Text>
      <Text style={h2}>{c.satisfaction}</Text>
      <Text style={text}>
        {c.satisfactionLine(d.satisfaction.average === null ? "—" : d.satisfaction.average.toFixed(2), d.satisfaction.count)}
      </Text>
      {d.satisfaction.bySource.length ? (
        <Text style={muted}>
          {d.satisfaction.bySource
            .map((s) => `${label(RATING_SOURCES, s.source, p.locale)} ${s.average === null ? "—" : s.average.toFixed(2)} (${s.count})`)
            .join(" · ")}
        </Text>
      ) : null}
      <Text style={h2}>{c.outages}</Text>
      <Text style={text}>{c.outageLine(d.outages)}</Text>
      {d.outages.items.length ? (
        <Text style={muted}>
          {c.avgRecovery}: {formatMinutes(d.outages.averageRecoveryMinutes, p.locale)} ·{" "}
          {d.outages.items
            .map((o) => `${o.service} (${label(DEADLINE_STATE, o.etaNotice, p.locale)} / ${label(DEADLINE_STATE, o.recovery, p.locale)})`)
            .join(", ")}
        </Text>
      ) : null}
      <Text style={h2}>{c.maintenance}</Text>
      <Text style={text}>{c.maintenanceLine(d.maintenance)}</Text>
      <Text style={h2}>{c.surveys}</Text>
      <Text style={text}>{c.surveysLine(d.surveys)}</Text>
      <ActionLink href={p.reportUrl} label={c.open} />
    </EmailLayout>
  );
}

const rate = (met: number, breached: number): Rate => ({ met, breached, rate: met + breached ? met / (met + breached) : null });

ComplianceReport.PreviewProps = {
  locale: "ko",
  reportUrl: "http://localhost:3000/desk/reviews/00000000-0000-0000-0000-000000000000",
  staffName: "김하늘",
  data: {
    version: 1,
    period: { start: "2026-04-01", end: "2026-04-30", from: "2026-03-31T15:00:00.000Z", to: "2026-04-30T15:00:00.000Z" },
    generatedAt: "2026-05-01T00:00:00.000Z",
    source: "reviews",
    sla: {
      total: rate(180, 12),
      byMetric: [
        { metric: "first_reply", ...rate(90, 4) },
        { metric: "resolution", ...rate(80, 7) },
        { metric: "callback", ...rate(10, 1) },
      ],
      byChannel: [
        { channel: "web", ...rate(100, 5) },
        { channel: "phone", ...rate(80, 7) },
      ],
    },
    breaches: { total: 12, byMetric: [{ metric: "resolution", count: 7 }], stillOpen: 3 },
    guarantee: { opened: 5, closed: 4, openAtEnd: 2 },
    satisfaction: {
      count: 40,
      average: 4.35,
      distribution: { "1": 1, "2": 1, "3": 4, "4": 10, "5": 24 },
      bySource: [{ source: "happy_call", count: 40, average: 4.35 }],
    },
    outages: {
      count: 1,
      etaNotice: { met: 1, breached: 0, running: 0 },
      recovery: { met: 1, breached: 0, running: 0 },
      averageRecoveryMinutes: 190,
      items: [
        {
          id: "x",
          service: "인터넷 접수",
          startedAt: "2026-04-10T01:00:00Z",
          resolvedAt: "2026-04-10T04:10:00Z",
          etaNotice: "met",
          recovery: "met",
          recoveryMinutes: 190,
        },
      ],
    },
    maintenance: { count: 2, violations: 1, cancelled: 0, items: [] },
    surveys: { campaigns: 0, invitations: 0, answered: 0 },
  },
} satisfies ComplianceReportProps;
