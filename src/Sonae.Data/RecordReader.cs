using System.Data;
using System.Data.Common;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Sonae.Core;
using Sonae.Core.Audit;
using Sonae.Core.Incidents;
using SQLitePCL;

namespace Sonae.Data;

/// <summary>An incident row as <c>sonae verify</c> compares it with its record: its end and the state it shows.</summary>
public sealed record StoredIncident(Guid Id, Guid OrganizationId, string OrganizationName, int Number, long LastSeq, string HeadHash,
    string Progress, IncidentStatus Status, IncidentOutcome? Outcome, DateTimeOffset? ClosedAt);

/// <summary>One organization's incident number, for finding the numbers missing.</summary>
public sealed record StoredNumber(Guid OrganizationId, string OrganizationName, int Number);

/// <summary>
/// What <c>sonae verify</c> and <c>sonae export</c> read, read below EF Core: the records and audit chains row by row,
/// each text as the UTF-8 the database holds (no string, no object per column: they read millions of rows), and the
/// few rows around them with plain SQL. No model is built, so a verb that only reads starts at once. Each reader holds
/// a connection of its own, so that several read side by side (SQLite's WAL and PostgreSQL both let readers run beside
/// each other and beside the server's writes). Not filtered by organization: the operator reads everything.
/// </summary>
public abstract class RecordReader : IDisposable
{
    private protected RecordReader(DbConnection connection) => Connection = connection;

    private protected DbConnection Connection { get; }

    /// <summary>A reader on a connection of its own to the configured database.</summary>
    public static RecordReader Open(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Provider switch
        {
            StorageProvider.Sqlite => new SqliteRecordReader(storage),
            StorageProvider.Postgres => new PostgresRecordReader(storage),
            _ => throw new ArgumentOutOfRangeException(nameof(storage), storage.Provider, null),
        };
    }

    /// <summary>
    /// Whether the database has every migration of this build: the history table read, the migrations known from their
    /// attributes, no model built. A database without the history table has none.
    /// </summary>
    public async Task<bool> HasEveryMigrationAsync(CancellationToken cancellationToken)
    {
        var known = typeof(SonaeDbContext).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == ContextType)
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>();
        var applied = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var command = Command("""SELECT "MigrationId" FROM "__MigrationsHistory" """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                applied.Add(reader.GetString(0));
        }
        catch (DbException)
        {
            return false;
        }
        return known.All(applied.Contains);
    }

    /// <summary>The DbContext whose migrations this provider's database has.</summary>
    private protected abstract Type ContextType { get; }

    /// <summary>Every incident of every organization, by organization name and number (as the database orders names).</summary>
    public Task<IReadOnlyList<StoredIncident>> IncidentsAsync(CancellationToken cancellationToken) =>
        IncidentsNamedAsync(null, null, null, cancellationToken);

    /// <summary>
    /// The incidents found by their id, or by their number (within an organization when one is given), each filter left
    /// out when null: none, one, or several.
    /// </summary>
    public async Task<IReadOnlyList<StoredIncident>> IncidentsNamedAsync(Guid? id, int? number, Guid? organizationId, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            SELECT i."Id", i."OrganizationId", o."Name", i."Number", i."LastSeq", i."HeadHash", i."Progress", i."Status", i."Outcome", i."ClosedAt"
            FROM "Incidents" i JOIN "Organizations" o ON o."Id" = i."OrganizationId"
            WHERE (@id IS NULL OR i."Id" = @id) AND (@number IS NULL OR i."Number" = @number) AND (@organization IS NULL OR i."OrganizationId" = @organization)
            ORDER BY o."Name", i."Number"
            """, ("id", id, DbType.Guid), ("number", number, DbType.Int32), ("organization", organizationId, DbType.Guid));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var incidents = new List<StoredIncident>();
        while (await reader.ReadAsync(cancellationToken))
        {
            incidents.Add(new StoredIncident(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4),
                reader.GetString(5), reader.GetString(6), (IncidentStatus)StatusText.ConvertFromProvider(reader.GetString(7))!,
                reader.IsDBNull(8) ? null : (IncidentOutcome?)OutcomeText.ConvertFromProvider(reader.GetString(8)), reader.IsDBNull(9) ? null : Time(reader, 9)));
        }
        return incidents;
    }

    // The model's own conversions of the status columns, so that a column reads here as it reads everywhere else.
    private static readonly EnumToStringConverter<IncidentStatus> StatusText = new();
    private static readonly EnumToStringConverter<IncidentOutcome> OutcomeText = new();

    /// <summary>Every incident's number with its organization.</summary>
    public async Task<IReadOnlyList<StoredNumber>> NumbersAsync(CancellationToken cancellationToken)
    {
        await using var command = Command("""
            SELECT i."OrganizationId", o."Name", i."Number" FROM "Incidents" i JOIN "Organizations" o ON o."Id" = i."OrganizationId"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var numbers = new List<StoredNumber>();
        while (await reader.ReadAsync(cancellationToken))
            numbers.Add(new StoredNumber(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2)));
        return numbers;
    }

    /// <summary>
    /// The audit chains, by organization (the empty id for the entries of none), each with its highest number (how long
    /// it is, unless entries are missing), and every organization's name.
    /// </summary>
    public async Task<(IReadOnlyList<(Guid Organization, long LastSeq)> Chains, IReadOnlyDictionary<Guid, string> Names)> AuditChainsAsync(CancellationToken cancellationToken)
    {
        var chains = new List<(Guid, long)>();
        // One index lookup per chain (the next organization after the last, then its highest number), not a scan of
        // every entry, which a million-entry log makes a tenth of a second.
        await using (var command = Command("""
            WITH RECURSIVE "Chains"("Organization") AS (
                SELECT (SELECT "OrganizationId" FROM "AuditEntries" ORDER BY "OrganizationId" LIMIT 1)
                UNION ALL
                SELECT (SELECT e."OrganizationId" FROM "AuditEntries" e WHERE e."OrganizationId" > c."Organization" ORDER BY e."OrganizationId" LIMIT 1)
                FROM "Chains" c WHERE c."Organization" IS NOT NULL)
            SELECT c."Organization", (SELECT MAX(e."Seq") FROM "AuditEntries" e WHERE e."OrganizationId" = c."Organization") FROM "Chains" c WHERE c."Organization" IS NOT NULL
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                chains.Add((reader.GetGuid(0), reader.GetInt64(1)));
        }
        var names = new Dictionary<Guid, string>();
        await using (var command = Command("""SELECT "Id", "Name" FROM "Organizations" """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                names[reader.GetGuid(0)] = reader.GetString(1);
        }
        return ([.. chains.DistinctBy(c => c.Item1).OrderBy(c => c.Item1)], names);
    }

    /// <summary>The files kept of an incident's issued reports, by the sequence number of the event that issued each.</summary>
    public Dictionary<long, byte[]> IssuedFiles(Guid incidentId)
    {
        using var command = Command("""SELECT "Seq", "Content" FROM "IssuedDocuments" WHERE "IncidentId" = @incident""", ("incident", incidentId, DbType.Guid));
        using var reader = command.ExecuteReader();
        var files = new Dictionary<long, byte[]>();
        while (reader.Read())
            files[reader.GetInt64(0)] = reader.GetFieldValue<byte[]>(1);
        return files;
    }

    /// <summary>The text of one event, or null when the record has no such event.</summary>
    public string? EventBody(Guid incidentId, long seq)
    {
        using var command = Command("""SELECT "Body" FROM "IncidentEvents" WHERE "IncidentId" = @incident AND "Seq" = @seq""", ("incident", incidentId, DbType.Guid), ("seq", seq, DbType.Int64));
        return command.ExecuteScalar() as string;
    }

    /// <summary>The tables the database keeps append-only with triggers (the migrations create them).</summary>
    private protected static readonly IReadOnlyList<string> AppendOnlyTables = ["IncidentEvents", "IssuedDocuments", "AuditEntries", "Checkpoints", "SigningKeys"];

    /// <summary>The names of the triggers that keep <see cref="AppendOnlyTables"/> append-only on this provider.</summary>
    public abstract IReadOnlyList<string> AppendOnlyTriggers { get; }

    /// <summary>
    /// The append-only triggers that still do their work now: present, enabled, on their table, for their operations,
    /// refusing (<c>sonae verify</c> reports the others). A trigger kept under its name but emptied, disabled or fired
    /// only on replicas counts as missing.
    /// </summary>
    public abstract Task<List<string>> WorkingTriggersAsync(CancellationToken cancellationToken);

    /// <summary>An incident's events in sequence order, one row at a time.</summary>
    public abstract EventRows Events(Guid incidentId);

    /// <summary>An organization's audit entries in sequence order, one row at a time.</summary>
    public abstract AuditRows AuditEntries(Guid organizationId);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
            Connection.Dispose();
    }

    /// <summary>A time column as the provider stores it.</summary>
    private protected abstract DateTimeOffset Time(DbDataReader reader, int ordinal);

    /// <summary>A parameter's value as the provider stores it (EF Core keeps a SQLite id as upper-case text).</summary>
    private protected abstract object Value(object value);

    /// <param name="parameters">Each with the type a null of it has (PostgreSQL needs one).</param>
    private DbCommand Command(string sql, params (string Name, object? Value, DbType Type)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value is null ? DBNull.Value : Value(value);
            if (value is null)
                parameter.DbType = type;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>The triggers <paramref name="sql"/> lists (name, definition) that refuse as the migrations' do.</summary>
    private protected async Task<List<string>> RefusingTriggersAsync(string sql, string refusal, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var working = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (Refuses(name, reader.IsDBNull(1) ? null : reader.GetString(1), refusal))
                working.Add(name);
        }
        return working;
    }

    /// <summary>Whether a trigger's definition (upper case, spaces folded) does what the migration's did.</summary>
    private protected static bool Refuses(string name, string? definition, string refusal)
    {
        definition = string.Join(' ', (definition ?? "").ToUpperInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var table = AppendOnlyTables.FirstOrDefault(t => name.StartsWith(t + "_", StringComparison.Ordinal));
        if (table is null || !definition.Contains("BEFORE", StringComparison.Ordinal) || !definition.Contains(refusal, StringComparison.Ordinal)
            || !definition.Contains(table.ToUpperInvariant(), StringComparison.Ordinal))
            return false;
        var suffix = name[(table.Length + 1)..];
        return suffix switch
        {
            "no_update" => definition.Contains("BEFORE UPDATE", StringComparison.Ordinal),
            "no_delete" => definition.Contains("BEFORE DELETE", StringComparison.Ordinal),
            "append_only" => definition.Contains("UPDATE", StringComparison.Ordinal) && definition.Contains("DELETE", StringComparison.Ordinal) && definition.Contains("FOR EACH ROW", StringComparison.Ordinal),
            "no_truncate" => definition.Contains("TRUNCATE", StringComparison.Ordinal),
            _ => false,
        };
    }
}

/// <summary>An incident's events, one row at a time: <see cref="Read"/>, then <see cref="Current"/> until the next read.</summary>
/// <param name="source">What the rows come from (a statement, a data reader), disposed with them.</param>
public abstract class EventRows(IDisposable source) : IDisposable
{
    /// <summary>Moves to the next event; false after the last.</summary>
    public abstract bool Read();

    /// <summary>The event read last, valid until the next <see cref="Read"/>.</summary>
    public abstract StoredEventUtf8 Current { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
            source.Dispose();
    }
}

/// <summary>An organization's audit entries, one row at a time: <see cref="Read"/>, then <see cref="Current"/> until the next read.</summary>
/// <param name="source">What the rows come from (a statement, a data reader), disposed with them.</param>
public abstract class AuditRows(IDisposable source) : IDisposable
{
    /// <summary>Moves to the next entry; false after the last.</summary>
    public abstract bool Read();

    /// <summary>The entry read last, valid until the next <see cref="Read"/>.</summary>
    public abstract StoredAuditEntry Current { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
            source.Dispose();
    }
}

/// <summary>
/// SQLite: the small reads through Microsoft.Data.Sqlite, the long ones straight through SQLite's own statements on the
/// same connection, each column a view of SQLite's row (a data reader copies each column into a new string or array).
/// </summary>
internal sealed partial class SqliteRecordReader : RecordReader
{
    private const string EventsSql = """
        SELECT "Seq", "Type", "At", "Body", "Hash", "OrganizationId" FROM "IncidentEvents" WHERE "IncidentId" = ?1 ORDER BY "Seq"
        """;

    private const string AuditSql = """
        SELECT "Seq", "At", "ActorId", "ActorName", "Action", "Target", "Status", "Address", "Prev", "Hash"
        FROM "AuditEntries" WHERE "OrganizationId" = ?1 ORDER BY "Seq"
        """;

    public SqliteRecordReader(StorageOptions storage) : base(new SqliteConnection(StorageRegistration.SqliteConnectionString(storage))) => Connection.Open();

    private protected override Type ContextType => typeof(SqliteSonaeDbContext);

    private sqlite3 Handle => ((SqliteConnection)Connection).Handle!;

    public override IReadOnlyList<string> AppendOnlyTriggers { get; } = [.. AppendOnlyTables.SelectMany(t => new[] { $"{t}_no_update", $"{t}_no_delete" })];

    public override Task<List<string>> WorkingTriggersAsync(CancellationToken cancellationToken) =>
        RefusingTriggersAsync("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'", "RAISE(ABORT", cancellationToken);

    public override EventRows Events(Guid incidentId) => new SqliteEventRows(Statement(EventsSql, incidentId));

    public override AuditRows AuditEntries(Guid organizationId) => new SqliteAuditRows(Statement(AuditSql, organizationId), organizationId);

    private protected override DateTimeOffset Time(DbDataReader reader, int ordinal) => UtcText.Parse(reader.GetString(ordinal));

    private protected override object Value(object value) => value is Guid id ? Id(id) : value;

    /// <summary>An id as EF Core stores it in SQLite: upper-case text.</summary>
    private static string Id(Guid id) => id.ToString("D").ToUpperInvariant();

    private sqlite3_stmt Statement(string sql, Guid id)
    {
        Check(raw.sqlite3_prepare_v2(Handle, sql, out var statement));
        Check(raw.sqlite3_bind_text(statement, 1, Id(id)));
        return statement;
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(result, Handle);
    }

    /// <summary>Steps a statement: true on a row, false at the end; SQLite's error as Microsoft.Data.Sqlite throws it.</summary>
    private static bool Step(sqlite3_stmt statement)
    {
        var result = raw.sqlite3_step(statement);
        // Busy or locked: tried again until the timeout, as Microsoft.Data.Sqlite does.
        if (result is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
        {
            var since = System.Diagnostics.Stopwatch.GetTimestamp();
            while (result is raw.SQLITE_BUSY or raw.SQLITE_LOCKED && System.Diagnostics.Stopwatch.GetElapsedTime(since).TotalSeconds < StorageRegistration.SqliteBusySeconds)
            {
                Thread.Sleep(1);
                result = raw.sqlite3_step(statement);
            }
        }
        if (result == raw.SQLITE_ROW)
            return true;
        if (result != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(result, raw.sqlite3_db_handle(statement));
        return false;
    }

    /// <summary>An id column as Microsoft.Data.Sqlite reads it: text, or 16 bytes; the empty id for anything else.</summary>
    private static Guid IdColumn(Row row, int column)
    {
        var type = row.Type(column);
        var bytes = row.Blob(column);
        if (type == raw.SQLITE_BLOB && bytes.Length == 16)
            return new Guid(bytes);
        return Guid.TryParse(bytes, out var id) ? id : Guid.Empty;
    }

    private sealed class SqliteEventRows(sqlite3_stmt statement) : EventRows(statement)
    {
        private readonly Row _row = new(statement);
        private byte[]? _organizationText;
        private Guid _organization;

        public override bool Read() => Step(statement);

        public override StoredEventUtf8 Current => new()
        {
            Seq = _row.Int64(0),
            Type = _row.Blob(1),
            At = UtcText.Parse(_row.Blob(2)),
            Body = _row.Blob(3),
            Hash = _row.Blob(4),
            OrganizationId = Organization(),
        };

        /// <summary>The organization column, read once for the rows that store the same text as the row before (every row of a record).</summary>
        private Guid Organization()
        {
            // The type first: SQLite leaves it undefined once a value was converted to be read.
            var isText = _row.Type(5) == raw.SQLITE_TEXT;
            var text = _row.Blob(5);
            if (!isText || _organizationText is null || !text.SequenceEqual(_organizationText))
            {
                _organization = IdColumn(_row, 5);
                _organizationText = isText ? text.ToArray() : null;
            }
            return _organization;
        }
    }

    private sealed class SqliteAuditRows(sqlite3_stmt statement, Guid organization) : AuditRows(statement)
    {
        private readonly Row _row = new(statement);

        public override bool Read() => Step(statement);

        public override StoredAuditEntry Current => new()
        {
            Organization = organization,
            Seq = _row.Int64(0),
            At = UtcText.Parse(_row.Blob(1)),
            ActorId = _row.Text(2),
            ActorName = _row.Text(3),
            Action = _row.Blob(4),
            Target = _row.Blob(5),
            Status = (int)_row.Int64(6),
            Address = _row.Text(7),
            Prev = _row.Blob(8),
            Hash = _row.Blob(9),
        };
    }

    /// <summary>
    /// The columns of the row a statement stands on, each a view of SQLite's own memory until the next step. SQLite's
    /// column functions are called straight when SQLitePCL runs the e_sqlite3 library they are declared from: through
    /// SQLitePCL, each call takes and releases the statement's safe handle and leaves the runtime's cooperative mode,
    /// which for a million rows of six to ten columns cost more than SQLite's own reading of them.
    /// </summary>
    private sealed unsafe partial class Row(sqlite3_stmt statement)
    {
        private static readonly bool Direct = string.Equals(raw.GetNativeLibraryName(), "e_sqlite3", StringComparison.Ordinal);

        private readonly nint _handle = statement.DangerousGetHandle();

        public long Int64(int column) => Direct ? sqlite3_column_int64(_handle, column) : raw.sqlite3_column_int64(statement, column);

        public int Type(int column) => Direct ? sqlite3_column_type(_handle, column) : raw.sqlite3_column_type(statement, column);

        /// <summary>A column's bytes: a text's UTF-8 (SQLite gives any value's text form), a blob's bytes.</summary>
        public ReadOnlySpan<byte> Blob(int column)
        {
            if (!Direct)
                return raw.sqlite3_column_blob(statement, column);
            // The pointer first, then the length (SQLite's rule: the length of the form last asked for).
            var bytes = sqlite3_column_blob(_handle, column);
            return new ReadOnlySpan<byte>(bytes, sqlite3_column_bytes(_handle, column));
        }

        /// <summary>A text column's UTF-8, or null.</summary>
        public Utf8Column Text(int column) => Type(column) == raw.SQLITE_NULL ? default : new Utf8Column(Blob(column));

        // Each only reads the row SQLite already holds: nothing blocks, nothing calls back, so no GC transition is needed.
        [LibraryImport("e_sqlite3")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvSuppressGCTransition)])]
        private static partial long sqlite3_column_int64(nint statement, int column);

        [LibraryImport("e_sqlite3")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvSuppressGCTransition)])]
        private static partial int sqlite3_column_type(nint statement, int column);

        [LibraryImport("e_sqlite3")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvSuppressGCTransition)])]
        private static partial byte* sqlite3_column_blob(nint statement, int column);

        [LibraryImport("e_sqlite3")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvSuppressGCTransition)])]
        private static partial int sqlite3_column_bytes(nint statement, int column);
    }
}

/// <summary>
/// PostgreSQL: plain Npgsql commands; the long reads take each text as its UTF-8 bytes (<c>convert_to</c>) into
/// buffers kept from row to row.
/// </summary>
internal sealed class PostgresRecordReader : RecordReader
{
    private const string EventsSql = """
        SELECT "Seq", convert_to("Type", 'UTF8'), "At", convert_to("Body", 'UTF8'), convert_to("Hash", 'UTF8'), "OrganizationId"
        FROM "IncidentEvents" WHERE "IncidentId" = @id ORDER BY "Seq"
        """;

    private const string AuditSql = """
        SELECT "Seq", "At", convert_to("ActorId", 'UTF8'), convert_to("ActorName", 'UTF8'), convert_to("Action", 'UTF8'), convert_to("Target", 'UTF8'),
            "Status", convert_to("Address", 'UTF8'), convert_to("Prev", 'UTF8'), convert_to("Hash", 'UTF8')
        FROM "AuditEntries" WHERE "OrganizationId" = @id ORDER BY "Seq"
        """;

    public PostgresRecordReader(StorageOptions storage) : base(new NpgsqlConnection(StorageRegistration.PostgresConnectionString(storage))) => Connection.Open();

    private protected override Type ContextType => typeof(PostgresSonaeDbContext);

    public override IReadOnlyList<string> AppendOnlyTriggers { get; } = [.. AppendOnlyTables.SelectMany(t => new[] { $"{t}_append_only", $"{t}_no_truncate" })];

    public override async Task<List<string>> WorkingTriggersAsync(CancellationToken cancellationToken)
    {
        await using (var function = Connection.CreateCommand())
        {
            function.CommandText = "SELECT p.prosrc FROM pg_proc p WHERE p.proname = 'sonae_append_only' AND p.pronamespace = current_schema()::regnamespace";
            await using var sources = await function.ExecuteReaderAsync(cancellationToken);
            var refuses = false;
            while (await sources.ReadAsync(cancellationToken))
                refuses |= sources.GetString(0).Contains("RAISE EXCEPTION", StringComparison.OrdinalIgnoreCase);
            if (!refuses)
                return [];
        }
        return await RefusingTriggersAsync("""
            SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND t.tgenabled IN ('O', 'A') AND c.relnamespace = current_schema()::regnamespace
            """, "EXECUTE FUNCTION SONAE_APPEND_ONLY()", cancellationToken);
    }

    public override EventRows Events(Guid incidentId) => new PostgresEventRows(Rows(EventsSql, incidentId));

    public override AuditRows AuditEntries(Guid organizationId) => new PostgresAuditRows(Rows(AuditSql, organizationId), organizationId);

    private protected override DateTimeOffset Time(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    private protected override object Value(object value) => value;

    private NpgsqlDataReader Rows(string sql, Guid id)
    {
        using var command = new NpgsqlCommand(sql, (NpgsqlConnection)Connection);
        command.Parameters.AddWithValue("id", id);
        return command.ExecuteReader();
    }

    /// <summary>The columns of one row read as bytes, each into a buffer of its own kept from row to row.</summary>
    private sealed class Columns(NpgsqlDataReader reader, int count)
    {
        private readonly byte[][] _buffers = [.. Enumerable.Range(0, count).Select(_ => new byte[128])];
        private readonly int[] _lengths = new int[count];
        private readonly bool[] _nulls = new bool[count];

        /// <summary>Reads the next row's byte columns (the others are read from the reader itself).</summary>
        public bool Read(params ReadOnlySpan<int> byteColumns)
        {
            if (!reader.Read())
                return false;
            foreach (var column in byteColumns)
            {
                _nulls[column] = reader.IsDBNull(column);
                if (_nulls[column])
                    continue;
                var length = (int)reader.GetBytes(column, 0, null, 0, 0);
                if (_buffers[column].Length < length)
                    _buffers[column] = new byte[Math.Max(length, _buffers[column].Length * 2)];
                _lengths[column] = (int)reader.GetBytes(column, 0, _buffers[column], 0, length);
            }
            return true;
        }

        public ReadOnlySpan<byte> Bytes(int column) => _nulls[column] ? default : _buffers[column].AsSpan(0, _lengths[column]);

        public Utf8Column Text(int column) => _nulls[column] ? default : new Utf8Column(Bytes(column));
    }

    private sealed class PostgresEventRows(NpgsqlDataReader reader) : EventRows(reader)
    {
        private readonly Columns _row = new(reader, 6);

        public override bool Read() => _row.Read(1, 3, 4);

        public override StoredEventUtf8 Current => new()
        {
            Seq = reader.GetInt64(0),
            Type = _row.Bytes(1),
            At = reader.GetFieldValue<DateTimeOffset>(2),
            Body = _row.Bytes(3),
            Hash = _row.Bytes(4),
            OrganizationId = reader.GetGuid(5),
        };
    }

    private sealed class PostgresAuditRows(NpgsqlDataReader reader, Guid organization) : AuditRows(reader)
    {
        private readonly Columns _row = new(reader, 10);

        public override bool Read() => _row.Read(2, 3, 4, 5, 7, 8, 9);

        public override StoredAuditEntry Current => new()
        {
            Organization = organization,
            Seq = reader.GetInt64(0),
            At = reader.GetFieldValue<DateTimeOffset>(1),
            ActorId = _row.Text(2),
            ActorName = _row.Text(3),
            Action = _row.Bytes(4),
            Target = _row.Bytes(5),
            Status = reader.GetInt32(6),
            Address = _row.Text(7),
            Prev = _row.Bytes(8),
            Hash = _row.Bytes(9),
        };
    }
}
