using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Sqlite
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
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Report = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    MediaType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    IssuedAt = table.Column<string>(type: "TEXT", nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER IssuedDocuments_no_update BEFORE UPDATE ON IssuedDocuments BEGIN SELECT RAISE(ABORT, 'IssuedDocuments is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER IssuedDocuments_no_delete BEFORE DELETE ON IssuedDocuments BEGIN SELECT RAISE(ABORT, 'IssuedDocuments is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IssuedDocuments_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IssuedDocuments_no_delete;");

            migrationBuilder.DropTable(
                name: "IssuedDocuments");
        }
    }
}
