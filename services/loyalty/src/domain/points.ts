/** One point per whole unit of an order's total (per euro). */
export function pointsFor(total: { amount: number }): number {
  return Math.max(0, Math.floor(total.amount / 100));
}
