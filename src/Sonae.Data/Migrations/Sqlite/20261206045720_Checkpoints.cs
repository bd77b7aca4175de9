using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Sqlite
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
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    MadeAt = table.Column<string>(type: "TEXT", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    PublicKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    PrivateKey = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SigningKeys", x => x.Id);
                });

            // Append-only in the database too: a correction is a new row, never an edit.
            migrationBuilder.Sql("CREATE TRIGGER Checkpoints_no_update BEFORE UPDATE ON Checkpoints BEGIN SELECT RAISE(ABORT, 'Checkpoints is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER Checkpoints_no_delete BEFORE DELETE ON Checkpoints BEGIN SELECT RAISE(ABORT, 'Checkpoints is append-only'); END;");

            // Append-only in the database too: a correction is a new row, never an edit.
            migrationBuilder.Sql("CREATE TRIGGER SigningKeys_no_update BEFORE UPDATE ON SigningKeys BEGIN SELECT RAISE(ABORT, 'SigningKeys is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER SigningKeys_no_delete BEFORE DELETE ON SigningKeys BEGIN SELECT RAISE(ABORT, 'SigningKeys is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER SigningKeys_no_update;");
            migrationBuilder.Sql("DROP TRIGGER SigningKeys_no_delete;");

            migrationBuilder.Sql("DROP TRIGGER Checkpoints_no_update;");
            migrationBuilder.Sql("DROP TRIGGER Checkpoints_no_delete;");

            migrationBuilder.DropTable(
                name: "Checkpoints");

            migrationBuilder.DropTable(
                name: "SigningKeys");
        }
    }
}
