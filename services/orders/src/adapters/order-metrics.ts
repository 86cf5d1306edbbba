import type { BusinessMetrics } from '@shop/shared/metrics';
import type { Order } from '../domain/order.ts';
import type { OrderMetrics } from '../domain/ports.ts';

/**
 * Orders' business metrics, in `Shop/Orders`: `OrdersPlaced`, `OrdersShipped`, `OrderLeadTime`
 * (seconds from placed to shipped, both as the events say they happened) and `OrdersCancelled`,
 * also by `reason`. An order counts once per status it reaches.
 */
export function createOrderMetrics(metrics: BusinessMetrics): OrderMetrics {
  return {
    placed() {
      metrics.record('OrdersPlaced');
    },
    changed(before: Order, after: Order) {
      if (before.status === after.status) return;
      if (after.status === 'SHIPPED') {
        metrics.record('OrdersShipped');
        const shippedAt = after.timeline.findLast((entry) => entry.status === 'SHIPPED')?.at;
        const leadTime = shippedAt ? (Date.parse(shippedAt) - Date.parse(after.placedAt)) / 1000 : Number.NaN;
        if (Number.isFinite(leadTime) && leadTime >= 0) metrics.record('OrderLeadTime', leadTime, 'Seconds');
      }
      if (after.status === 'CANCELLED') {
        metrics.record('OrdersCancelled', 1, 'Count', { reason: after.cancelReason ?? 'UNKNOWN' });
      }
    },
  };
}
