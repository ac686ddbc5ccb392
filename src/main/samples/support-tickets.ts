// The 'support-tickets' sample: short free-text tickets with a category label, for text classification.
import { isoSeconds, toCsv } from './csv-text';
import { Random } from './random';

export const SUPPORT_TICKET_ROWS = 3000;

const HEADER = ['ticket_id', 'opened_at', 'channel', 'text', 'category'] as const;

const CHANNELS = ['email', 'chat', 'phone', 'portal'] as const;
const CHANNEL_WEIGHTS = [0.4, 0.3, 0.1, 0.2];

/** Phrasings per category; {n}, {order}, {thing}, {month} are filled in so few texts repeat exactly. */
const TEMPLATES = {
  billing: [
    'I was charged twice for {month}',
    'invoice {order} shows the wrong VAT rate',
    'refund for order {order} not received yet',
    'card declined when renewing the licence',
    'why did my subscription price go up in {month}',
    'please send a copy of invoice {order}',
  ],
  access: [
    "can't log in after the password reset",
    '2FA code never arrives by SMS',
    'account locked after {n} failed attempts',
    'SSO login loops back to the start page',
    'need access for a new colleague on the {thing} team',
    'password reset link has expired',
  ],
  bug: [
    'export to PDF crashes the app',
    'chart stays blank after importing {thing}',
    'app freezes when opening {thing}',
    'error 500 when saving {thing}',
    'search returns nothing for {thing}',
    'numbers in the {thing} table are rounded wrong',
  ],
  shipping: [
    'parcel {order} stuck in customs',
    'tracking has not updated for {n} days',
    'order {order} was delivered to the wrong address',
    'box arrived damaged, {thing} broken',
    'when will order {order} ship?',
    'missing item in delivery {order}',
  ],
  feature_request: [
    'please add a dark mode',
    'would love an API for {thing}',
    'can you support CSV export of {thing}?',
    'option to schedule {thing} reports weekly',
    'bulk edit for {thing} would save us hours',
    'allow sorting {thing} by date',
  ],
} as const;

type Category = keyof typeof TEMPLATES;
const CATEGORIES = Object.keys(TEMPLATES) as Category[];
const CATEGORY_WEIGHTS = [0.24, 0.2, 0.26, 0.16, 0.14];
const THINGS = ['reports', 'the dashboard', 'samples', 'invoices', 'user lists', 'audit logs', 'projects', 'settings'] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June'] as const;
const OPENERS = ['', '', '', 'Hi, ', 'Hello team, ', 'Urgent: ', 'Again: '] as const;
const CLOSERS = ['', '', '', ' - thanks', '!!', ' (second time this week)', '. Please help.'] as const;

/** Share of tickets filed under a category other than the one their text is about, as happens in real queues. */
const MISFILED = 0.04;

function ticketText(rng: Random, category: Category): string {
  const body = rng
    .pick(TEMPLATES[category])
    .replace('{n}', String(rng.int(2, 12)))
    .replace('{order}', String(rng.int(100_000, 999_999)))
    .replace('{thing}', rng.pick(THINGS))
    .replace('{month}', rng.pick(MONTHS));
  return `${rng.pick(OPENERS)}${body}${rng.pick(CLOSERS)}`;
}

export function supportTickets(seed: number): string {
  const rng = new Random(seed);
  const rows = [];
  let t = Date.UTC(2024, 2, 1, 8, 0, 0);
  for (let i = 0; i < SUPPORT_TICKET_ROWS; i++) {
    t += rng.int(1, 90) * 60_000;
    const about = rng.weighted(CATEGORIES, CATEGORY_WEIGHTS);
    const filed = rng.chance(MISFILED) ? rng.pick(CATEGORIES) : about;
    rows.push([10_001 + i, isoSeconds(t), rng.weighted(CHANNELS, CHANNEL_WEIGHTS), ticketText(rng, about), filed]);
  }
  return toCsv(HEADER, rows);
}
