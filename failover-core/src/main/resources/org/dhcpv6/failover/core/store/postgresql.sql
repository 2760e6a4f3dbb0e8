-- The schema of JdbcLeaseStore on PostgreSQL, created by JdbcLeaseStore.open when its tables are
-- missing (a DBA may run this file by hand instead and give the store's user only
-- SELECT, INSERT, UPDATE). Open checks every column below and names any that differs.
-- One database may hold many stores: store_name tells them apart (one per failover endpoint).
-- Times are UTC instants as epoch seconds with nine decimals (nanoseconds: the engine compares
-- them exactly); to read one: to_timestamp(start_time_of_state).
-- Statements are separated by a semicolon at the end of a line.

CREATE TABLE IF NOT EXISTS failover_binding (
    store_name                   varchar(100)  NOT NULL,
    resource                     varchar(43)   NOT NULL,  -- 2001:db8::1 or 2001:db8:100::/56
    client_duid                  bytea,
    client_iaid                  bigint,
    client_ia_type               varchar(8),              -- IA_NA, IA_TA, IA_PD
    status                       varchar(16)   NOT NULL,  -- ACTIVE, EXPIRED, ..., FREE_BACKUP
    preferred_lifetime           bigint        NOT NULL,  -- seconds
    valid_lifetime               bigint        NOT NULL,
    t1                           bigint        NOT NULL,
    t2                           bigint        NOT NULL,
    start_time_of_state          numeric(28,9) NOT NULL,
    state_expiration_time        numeric(28,9),
    client_last_transaction_time numeric(28,9),
    partner_raw_clt_time         numeric(28,9),
    expiration_time              numeric(28,9),
    acked_partner_lifetime       numeric(28,9),
    partner_lifetime             numeric(28,9),
    partner_update_pending       boolean       NOT NULL,
    PRIMARY KEY (store_name, resource)
);

-- The pending scan reads only flagged rows.
CREATE INDEX IF NOT EXISTS failover_binding_pending
    ON failover_binding (store_name) WHERE partner_update_pending;

CREATE TABLE IF NOT EXISTS failover_endpoint (
    store_name               varchar(100)  NOT NULL PRIMARY KEY,
    state                    varchar(32)   NOT NULL,
    state_entered_at         numeric(28,9) NOT NULL,
    previous_state           varchar(32),
    partner_state            varchar(32),
    partner_state_entered_at numeric(28,9),
    last_contact_at          numeric(28,9),
    last_operating_at        numeric(28,9) NOT NULL,
    partner_down_since       numeric(28,9),
    awaiting_full_update     boolean       NOT NULL
);
