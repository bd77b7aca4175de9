#!/usr/bin/env python3
"""Adds append-only triggers on a table to a freshly generated migration of each provider.

Run from src/Sonae.Data after `dotnet ef migrations add <Name>` (see docs/architecture.md): EF Core does not
model triggers, so the SQL is added to the migration by hand, the same way every time.

    python3 ../../tools/add-append-only-triggers.py Initial IncidentEvents
    python3 ../../tools/add-append-only-triggers.py Reporting IssuedDocuments

The PostgreSQL function the triggers call is created by the Initial migration.
"""
import glob
import sys

COMMENT = "            // Append-only in the database too: a correction is a new row, never an edit.\n"

def sqlite(table):
    up = COMMENT + (
        f'            migrationBuilder.Sql("CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, \'{table} is append-only\'); END;");\n'
        f'            migrationBuilder.Sql("CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, \'{table} is append-only\'); END;");\n')
    down = (f'            migrationBuilder.Sql("DROP TRIGGER {table}_no_update;");\n'
            f'            migrationBuilder.Sql("DROP TRIGGER {table}_no_delete;");\n')
    return up, down

def postgres(table, create_function):
    up = COMMENT
    if create_function:
        up += '''            migrationBuilder.Sql("""
                CREATE FUNCTION sonae_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
                END $$;
                """);
'''
    up += (f'            migrationBuilder.Sql("""CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" FOR EACH ROW EXECUTE FUNCTION sonae_append_only();""");\n'
           f'            migrationBuilder.Sql("""CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION sonae_append_only();""");\n')
    down = (f'            migrationBuilder.Sql("""DROP TRIGGER "{table}_no_truncate" ON "{table}";""");\n'
            f'            migrationBuilder.Sql("""DROP TRIGGER "{table}_append_only" ON "{table}";""");\n')
    if create_function:
        down += '            migrationBuilder.Sql("DROP FUNCTION sonae_append_only();");\n'
    return up, down

def patch(path, table, up, down):
    s = open(path).read()
    if f"{table}_no_" in s:
        return
    down_at = s.index("        protected override void Down(")
    up_end = s.rindex("        }\n", 0, down_at)
    s = s[:up_end] + "\n" + up + s[up_end:]
    down_at = s.index("        protected override void Down(")
    body = s.index("{", down_at) + 1
    s = s[:body] + "\n" + down + s[body:]
    open(path, "w").write(s)

migration, table = sys.argv[1], sys.argv[2]
patch(glob.glob(f"Migrations/Sqlite/*_{migration}.cs")[0], table, *sqlite(table))
patch(glob.glob(f"Migrations/Postgres/*_{migration}.cs")[0], table, *postgres(table, migration == "Initial"))
