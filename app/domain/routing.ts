/**
 * Routing of a feedback item to the agency that owns it, from rules held as data:
 * (topic or procedure field) × (admin unit) → agency. The most specific rule wins:
 * a rule naming both topic and unit beats one naming only the topic, which beats one naming only
 * the unit; between unit rules, the one for the nearest unit (the item's own, then its parent…)
 * wins; ties go to the lowest priority number, then the oldest rule. No match → null: the item
 * goes to the coordinator's queue, never nowhere.
 */
export interface RoutingRule {
  id: number;
  topic: string | null;
  unitId: number | null;
  agencyId: number;
  priority?: number;
  active?: boolean;
}

interface RoutableItem {
  topic: string | null;
  unitId: number | null;
}

export const FORMAL_KINDS = ["khieu_nai", "to_cao"] as const;
export const FEEDBACK_KINDS = ["gop_y", "phan_anh", "kien_nghi", "khieu_nai", "to_cao"] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const isFormal = (k: FeedbackKind) => (FORMAL_KINDS as readonly string[]).includes(k);

/** Distance from the item's unit up to the rule's unit (0 = same unit), or -1 when not an ancestor. */
function unitDistance(itemUnit: number | null, ruleUnit: number, unitParent: Map<number, number | null>): number {
  let d = 0;
  for (let u = itemUnit; u !== null && u !== undefined; u = unitParent.get(u) ?? null, d++) {
    if (u === ruleUnit) return d;
    if (d > 50) break;
  }
  return -1;
}

export function routeItem(item: RoutableItem, rules: RoutingRule[], unitParent: Map<number, number | null>): RoutingRule | null {
  let best: { rule: RoutingRule; score: number[] } | null = null;
  for (const r of rules) {
    if (r.active === false) continue;
    if (r.topic !== null && r.topic !== item.topic) continue;
    let distance = 0;
    if (r.unitId !== null) {
      distance = unitDistance(item.unitId, r.unitId, unitParent);
      if (distance < 0) continue;
    }
    // Higher is better: topic named, unit named, nearer unit, lower priority number, older rule.
    const score = [r.topic !== null ? 1 : 0, r.unitId !== null ? 1 : 0, -distance, -(r.priority ?? 100), -r.id];
    if (r.topic === null && r.unitId === null) continue; // a catch-all rule is not routing: use the coordinator's queue
    if (!best || compare(score, best.score) > 0) best = { rule: r, score };
  }
  return best?.rule ?? null;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
