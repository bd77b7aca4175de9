#!/usr/bin/env python3
"""Adds the append-only triggers on IncidentEvents to a freshly generated Initial migration of each provider.

Run from src/Sonae.Data after `dotnet ef migrations add Initial` (see docs/architecture.md): EF Core does not
model triggers, so the SQL is added to the migration by hand, the same way every time.
"""
import glob

SQLITE_UP = '''
            // The record is append-only in the database too: a correction is a new event, never an edit.
            migrationBuilder.Sql("CREATE TRIGGER IncidentEvents_no_update BEFORE UPDATE ON IncidentEvents BEGIN SELECT RAISE(ABORT, 'IncidentEvents is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER IncidentEvents_no_delete BEFORE DELETE ON IncidentEvents BEGIN SELECT RAISE(ABORT, 'IncidentEvents is append-only'); END;");
'''
SQLITE_DOWN = '''
            migrationBuilder.Sql("DROP TRIGGER IncidentEvents_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IncidentEvents_no_delete;");
'''
POSTGRES_UP = '''
            // The record is append-only in the database too: a correction is a new event, never an edit.
            migrationBuilder.Sql("""
                CREATE FUNCTION sonae_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
                END $$;
                """);
            migrationBuilder.Sql("""CREATE TRIGGER "IncidentEvents_append_only" BEFORE UPDATE OR DELETE ON "IncidentEvents" FOR EACH ROW EXECUTE FUNCTION sonae_append_only();""");
            migrationBuilder.Sql("""CREATE TRIGGER "IncidentEvents_no_truncate" BEFORE TRUNCATE ON "IncidentEvents" FOR EACH STATEMENT EXECUTE FUNCTION sonae_append_only();""");
'''
POSTGRES_DOWN = '''
            migrationBuilder.Sql("""DROP TRIGGER "IncidentEvents_no_truncate" ON "IncidentEvents";""");
            migrationBuilder.Sql("""DROP TRIGGER "IncidentEvents_append_only" ON "IncidentEvents";""");
            migrationBuilder.Sql("DROP FUNCTION sonae_append_only();");
'''

def patch(path, up, down):
    s = open(path).read()
    if "append-only" in s:
        return
    down_at = s.index("        protected override void Down(")
    up_end = s.rindex("        }\n", 0, down_at)
    s = s[:up_end] + up + s[up_end:]
    down_at = s.index("        protected override void Down(")
    body = s.index("{", down_at) + 1
    s = s[:body] + down + s[body:]
    open(path, "w").write(s)

patch(glob.glob("Migrations/Sqlite/*_Initial.cs")[0], SQLITE_UP, SQLITE_DOWN)
patch(glob.glob("Migrations/Postgres/*_Initial.cs")[0], POSTGRES_UP, POSTGRES_DOWN)
