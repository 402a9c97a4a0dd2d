/// The platform's own schema, in the order it grew. Each migration runs once, in order, inside
/// a transaction. Databases made before the registry (`schema_migrations` by version number)
/// are carried over by position: version N is the N-th migration here.
enum CorridorMigrations {
    static let module = "corridor"

    static let all: [Migration] = [
        Migration(
            "sites-events-agencies", "sites, events, agencies",
            """
            CREATE TABLE sites (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, province TEXT,
              lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, criticality INTEGER NOT NULL,
              body TEXT NOT NULL)
            """,
            """
            CREATE TABLE events (
              id TEXT PRIMARY KEY, source TEXT NOT NULL, source_ref TEXT NOT NULL,
              occurred_at BIGINT NOT NULL, domain TEXT NOT NULL, type TEXT NOT NULL, province TEXT,
              lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, severity INTEGER NOT NULL,
              tlp TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (source, source_ref))
            """,
            "CREATE INDEX events_time ON events (occurred_at DESC, id DESC)",
            "CREATE INDEX events_domain_province ON events (domain, province, occurred_at)",
            "CREATE INDEX events_position ON events (lat, lon)",
            "CREATE TABLE event_sites (event_id TEXT NOT NULL, site_id TEXT NOT NULL, PRIMARY KEY (event_id, site_id))",
            "CREATE INDEX event_sites_site ON event_sites (site_id)",
            "CREATE TABLE agencies (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL)"
        ),
        Migration(
            "risk-snapshots-alerts", "risk snapshots, alert records",
            """
            CREATE TABLE risk_snapshots (
              site_id TEXT NOT NULL, day TEXT NOT NULL, risk DOUBLE PRECISION NOT NULL, class TEXT NOT NULL,
              body TEXT NOT NULL, PRIMARY KEY (site_id, day))
            """,
            "CREATE INDEX risk_snapshots_day ON risk_snapshots (day)",
            """
            CREATE TABLE alerts (
              id TEXT PRIMARY KEY, kind TEXT NOT NULL, created_at BIGINT NOT NULL, site_id TEXT,
              body TEXT NOT NULL)
            """,
            "CREATE INDEX alerts_kind_time ON alerts (kind, created_at)"
        ),
        Migration(
            "audit-log", "audit log",
            """
            CREATE TABLE audit_log (
              seq BIGINT PRIMARY KEY, at_ms BIGINT NOT NULL, actor TEXT NOT NULL, agency TEXT, action TEXT NOT NULL,
              object_type TEXT NOT NULL, object_id TEXT, state_hash TEXT, client TEXT, previous_hash TEXT NOT NULL,
              hash TEXT NOT NULL)
            """
        ),
        Migration(
            "users-sessions-tokens", "users, sessions, API tokens",
            "CREATE TABLE users (id TEXT PRIMARY KEY, agency_id TEXT NOT NULL, password_hash TEXT NOT NULL, body TEXT NOT NULL)",
            """
            CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, csrf TEXT NOT NULL,
              created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL)
            """,
            """
            CREATE TABLE api_tokens (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL,
              agency_id TEXT NOT NULL, role TEXT NOT NULL, created_at BIGINT NOT NULL, last_used BIGINT,
              revoked INTEGER NOT NULL)
            """
        ),
        Migration(
            "vessels-positions", "vessels and their position history",
            """
            CREATE TABLE vessels (
              mmsi BIGINT PRIMARY KEY, imo BIGINT, name TEXT, callsign TEXT, ship_type INTEGER,
              to_bow INTEGER, to_stern INTEGER, to_port INTEGER, to_starboard INTEGER, destination TEXT,
              mothership_mmsi BIGINT, flag TEXT, last_seen BIGINT, last_lat DOUBLE PRECISION,
              last_lon DOUBLE PRECISION, last_speed DOUBLE PRECISION, last_course DOUBLE PRECISION,
              last_heading INTEGER, last_status INTEGER, last_type INTEGER, last_source TEXT)
            """,
            "CREATE INDEX vessels_last_position ON vessels (last_lat, last_lon)",
            // Clustered by vessel then time: a track is one range scan, and retention deletes a
            // range per vessel, so no index on time is kept (it halved the insert rate). One
            // position per vessel and millisecond: the same report heard twice is stored once.
            .dialects(
                sqlite: """
                    CREATE TABLE vessel_positions (
                      mmsi INTEGER NOT NULL, at_ms INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
                      speed REAL, course REAL, heading INTEGER, status INTEGER, type INTEGER NOT NULL, source TEXT,
                      PRIMARY KEY (mmsi, at_ms)) WITHOUT ROWID
                    """,
                postgres: """
                    CREATE TABLE vessel_positions (
                      mmsi BIGINT NOT NULL, at_ms BIGINT NOT NULL, lat DOUBLE PRECISION NOT NULL,
                      lon DOUBLE PRECISION NOT NULL, speed DOUBLE PRECISION, course DOUBLE PRECISION, heading INTEGER,
                      status INTEGER, type INTEGER NOT NULL, source TEXT, PRIMARY KEY (mmsi, at_ms))
                    """)
        ),
        Migration(
            "event-evidence", "evidence of automated detections",
            "CREATE TABLE event_evidence (event_id TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE, geojson TEXT NOT NULL)"
        ),
        Migration(
            "mandate-rules", "mandate rules",
            "CREATE TABLE mandate_rules (id TEXT PRIMARY KEY, body TEXT NOT NULL)"
        ),
        Migration(
            "crisis-cases", "crisis cases",
            "CREATE TABLE crisis_cases (id TEXT PRIMARY KEY, status TEXT NOT NULL, opened_at BIGINT NOT NULL, body TEXT NOT NULL)",
            "CREATE INDEX crisis_cases_open ON crisis_cases (status, opened_at)"
        ),
        Migration(
            "alert-order-webhooks-playbooks", "alert delivery order and TLP, webhooks and their deliveries, playbooks",
            "ALTER TABLE alerts ADD COLUMN seq BIGINT",
            .dialects(
                sqlite: """
                    UPDATE alerts SET seq = (SELECT COUNT(*) FROM alerts a WHERE a.created_at < alerts.created_at
                      OR (a.created_at = alerts.created_at AND a.id <= alerts.id))
                    """,
                postgres: """
                    UPDATE alerts SET seq = r.n FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM alerts) r
                      WHERE r.id = alerts.id
                    """),
            "CREATE UNIQUE INDEX alerts_seq ON alerts (seq)",
            "ALTER TABLE alerts ADD COLUMN tlp TEXT",
            .dialects(
                sqlite: "UPDATE alerts SET tlp = json_extract(body, '$.tlp')",
                postgres: "UPDATE alerts SET tlp = body::json->>'tlp'"),
            "CREATE INDEX alerts_tlp ON alerts (tlp, seq)",
            """
            CREATE TABLE webhooks (
              id TEXT PRIMARY KEY, agency_id TEXT NOT NULL, cursor BIGINT NOT NULL, body TEXT NOT NULL)
            """,
            """
            CREATE TABLE webhook_deliveries (
              id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, alert_id TEXT NOT NULL, alert_seq BIGINT NOT NULL,
              status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_ms BIGINT NOT NULL,
              claimed_until_ms BIGINT NOT NULL, last_error TEXT, delivered_ms BIGINT)
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_ms)",
            "CREATE TABLE playbooks (event_type TEXT PRIMARY KEY, body TEXT NOT NULL)"
        ),
        Migration(
            "event-readers", "event readers: origin agency and shares as columns, so TLP filters in SQL",
            "ALTER TABLE events ADD COLUMN origin_agency TEXT",
            // PostgreSQL's JSON operators refuse the escape \u0000, which a title may hold; it is
            // read as a space here (an escaped backslash before "u0000" stays valid JSON too).
            .dialects(
                sqlite: "UPDATE events SET origin_agency = json_extract(body, '$.origin_agency')",
                postgres: "UPDATE events SET origin_agency = replace(body, '\\u0000', '\\u0020')::json->>'origin_agency'"),
            """
            CREATE TABLE event_readers (
              event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE, kind TEXT NOT NULL, reader TEXT NOT NULL,
              PRIMARY KEY (event_id, kind, reader))
            """,
            .dialects(
                sqlite: """
                    INSERT OR IGNORE INTO event_readers (event_id, kind, reader)
                      SELECT events.id, 'agency', j.value FROM events, json_each(events.body, '$.shared_with_agencies') j
                      WHERE j.type = 'text'
                    """,
                postgres: """
                    INSERT INTO event_readers (event_id, kind, reader)
                      SELECT DISTINCT events.id, 'agency', a FROM events,
                        json_array_elements_text(COALESCE(replace(body, '\\u0000', '\\u0020')::json->'shared_with_agencies', '[]'::json)) a
                    """),
            .dialects(
                sqlite: """
                    INSERT OR IGNORE INTO event_readers (event_id, kind, reader)
                      SELECT events.id, 'user', j.value FROM events, json_each(events.body, '$.shared_with_users') j
                      WHERE j.type = 'text'
                    """,
                postgres: """
                    INSERT INTO event_readers (event_id, kind, reader)
                      SELECT DISTINCT events.id, 'user', u FROM events,
                        json_array_elements_text(COALESCE(replace(body, '\\u0000', '\\u0020')::json->'shared_with_users', '[]'::json)) u
                    """),
            "CREATE INDEX events_tlp_time ON events (tlp, occurred_at DESC, id DESC)",
            "CREATE INDEX events_origin_time ON events (origin_agency, occurred_at DESC, id DESC)",
            "CREATE INDEX event_readers_reader ON event_readers (kind, reader)"
        ),
        Migration(
            "event-counts", "event counts by day, domain, province, label and origin; indexes for filtered lists",
            """
            CREATE TABLE event_counts (
              domain TEXT NOT NULL, province TEXT NOT NULL, tlp TEXT NOT NULL, origin_agency TEXT NOT NULL,
              day BIGINT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (day, domain, province, tlp, origin_agency))
            """,
            """
            INSERT INTO event_counts (domain, province, tlp, origin_agency, day, n)
              SELECT domain, COALESCE(province, ''), tlp, COALESCE(origin_agency, ''), (occurred_at - ((occurred_at % 86400) + 86400) % 86400) / 86400, COUNT(*)
              FROM events GROUP BY 1, 2, 3, 4, 5
            """,
            "CREATE INDEX events_domain_time ON events (domain, occurred_at DESC, id DESC)",
            "CREATE INDEX events_type_time ON events (type, occurred_at DESC, id DESC)",
            "CREATE INDEX events_source_time ON events (source, occurred_at DESC, id DESC)"
        ),
        Migration(
            "login-failures", "failed sign-ins within the throttle's window, shared by every server on the database",
            "CREATE TABLE login_failures (key TEXT NOT NULL, at_ms BIGINT NOT NULL)",
            "CREATE INDEX login_failures_key ON login_failures (key, at_ms)",
            "CREATE INDEX login_failures_at ON login_failures (at_ms)"
        ),
    ]
}

extension MigrationRegistry {
    /// The migrations of the platform's own modules. Capabilities that keep tables of their
    /// own register theirs after these (``registering(module:_:)``).
    public static let corridor = MigrationRegistry().registering(module: CorridorMigrations.module, CorridorMigrations.all)
}
