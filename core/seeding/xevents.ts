/**
 * The extended events of automatic seeding, with SEED001's descriptions ("Extended events" table;
 * ag-rules §6.4). The cluster step raises them as `xevent` observations (seeding-observe.ts);
 * docs/seeding.md says which transition raises which and on which instance.
 */
export const SEEDING_XEVENTS = {
  hadr_db_manager_seeding_request_msg: 'Seeding request message.',
  hadr_physical_seeding_backup_state_change: 'Physical seeding backup side state change.',
  hadr_physical_seeding_restore_state_change: 'Physical seeding restore side state change.',
  hadr_physical_seeding_forwarder_state_change: 'Physical seeding forwarder side state change.',
  hadr_physical_seeding_forwarder_target_state_change:
    'Physical seeding forwarder target side state change.',
  hadr_physical_seeding_submit_callback: 'Physical seeding submit callback event.',
  hadr_physical_seeding_failure: 'Physical seeding failure event.',
  hadr_physical_seeding_progress: 'Physical seeding progress event.',
  hadr_physical_seeding_schedule_long_task_failure:
    'Physical seeding schedule long task failure event.',
  hadr_automatic_seeding_start: 'Occurs when an automatic seeding operation is submitted.',
  hadr_automatic_seeding_state_transition:
    'Occurs when an automatic seeding operation changes state.',
  hadr_automatic_seeding_success: 'Occurs when an automatic seeding operation succeeds.',
  hadr_automatic_seeding_failure: 'Occurs when an automatic seeding operation fails.',
  hadr_automatic_seeding_timeout: 'Occurs when an automatic seeding operation times out.',
} as const;
export type SeedingXeventName = keyof typeof SEEDING_XEVENTS;

/**
 * Events the model never raises, and why: forwarders exist only in distributed availability
 * groups, whose seeding the cluster does not run; the seeding thread's scheduling is not modelled.
 */
export const SEEDING_XEVENTS_NOT_RAISED: Readonly<Partial<Record<SeedingXeventName, string>>> = {
  hadr_physical_seeding_forwarder_state_change:
    'a forwarder is the primary of the second group of a distributed availability group',
  hadr_physical_seeding_forwarder_target_state_change:
    'a forwarder is the primary of the second group of a distributed availability group',
  hadr_physical_seeding_schedule_long_task_failure:
    'the seeding thread never fails to schedule work in the model',
};

/** A field of an event: the model names fields after the seeding DMVs' columns. */
export type XeventValue = string | number | boolean | null;
