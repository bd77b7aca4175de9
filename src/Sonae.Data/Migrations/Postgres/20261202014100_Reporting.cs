using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Reporting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IssuedDocuments",
                columns: table => new
                {
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Report = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Format = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    MediaType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssuedDocuments", x => new { x.IncidentId, x.Seq });
                    table.ForeignKey(
                        name: "FK_IssuedDocuments_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IssuedDocuments_OrganizationId",
                table: "IssuedDocuments",
                column: "OrganizationId");

            // Append-only in the database too: a correction is a new row, never an edit.
            migrationBuilder.Sql("""CREATE TRIGGER "IssuedDocuments_append_only" BEFORE UPDATE OR DELETE ON "IssuedDocuments" FOR EACH ROW EXECUTE FUNCTION sonae_append_only();""");
            migrationBuilder.Sql("""CREATE TRIGGER "IssuedDocuments_no_truncate" BEFORE TRUNCATE ON "IssuedDocuments" FOR EACH STATEMENT EXECUTE FUNCTION sonae_append_only();""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "IssuedDocuments_no_truncate" ON "IssuedDocuments";""");
            migrationBuilder.Sql("""DROP TRIGGER "IssuedDocuments_append_only" ON "IssuedDocuments";""");

            migrationBuilder.DropTable(
                name: "IssuedDocuments");
        }
    }
}
