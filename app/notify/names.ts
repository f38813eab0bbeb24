// The notification queues' names (a module of its own so that any side can import them).
export const NOTIFY_DELIVER_QUEUE = "notify.deliver";
export const NOTIFY_SWEEP_QUEUE = "notify.sweep";
