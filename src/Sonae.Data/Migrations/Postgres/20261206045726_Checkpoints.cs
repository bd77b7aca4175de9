using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Checkpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Checkpoints",
                columns: table => new
                {
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    MadeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Document = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Checkpoints", x => new { x.OrganizationId, x.Number });
                    table.ForeignKey(
                        name: "FK_Checkpoints_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SigningKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublicKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    PrivateKey = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SigningKeys", x => x.Id);
                });

            // Append-only in the database too: a correction is a new row, never an edit.
            migrationBuilder.Sql("""CREATE TRIGGER "Checkpoints_append_only" BEFORE UPDATE OR DELETE ON "Checkpoints" FOR EACH ROW EXECUTE FUNCTION sonae_append_only();""");
            migrationBuilder.Sql("""CREATE TRIGGER "Checkpoints_no_truncate" BEFORE TRUNCATE ON "Checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION sonae_append_only();""");

            // Append-only in the database too: a correction is a new row, never an edit.
            migrationBuilder.Sql("""CREATE TRIGGER "SigningKeys_append_only" BEFORE UPDATE OR DELETE ON "SigningKeys" FOR EACH ROW EXECUTE FUNCTION sonae_append_only();""");
            migrationBuilder.Sql("""CREATE TRIGGER "SigningKeys_no_truncate" BEFORE TRUNCATE ON "SigningKeys" FOR EACH STATEMENT EXECUTE FUNCTION sonae_append_only();""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "SigningKeys_no_truncate" ON "SigningKeys";""");
            migrationBuilder.Sql("""DROP TRIGGER "SigningKeys_append_only" ON "SigningKeys";""");

            migrationBuilder.Sql("""DROP TRIGGER "Checkpoints_no_truncate" ON "Checkpoints";""");
            migrationBuilder.Sql("""DROP TRIGGER "Checkpoints_append_only" ON "Checkpoints";""");

            migrationBuilder.DropTable(
                name: "Checkpoints");

            migrationBuilder.DropTable(
                name: "SigningKeys");
        }
    }
}
