using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AftercareDrills : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DrillRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    ScenarioId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Speed = table.Column<double>(type: "REAL", nullable: false),
                    Participants = table.Column<string>(type: "TEXT", maxLength: 40000, nullable: false),
                    FacilitatorId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FacilitatorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FacilitatorRole = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<string>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<string>(type: "TEXT", nullable: true),
                    PausedSince = table.Column<string>(type: "TEXT", nullable: true),
                    PausedMilliseconds = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrillRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DrillRuns_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DrillInjects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DrillId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InjectId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<string>(type: "TEXT", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: true),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrillInjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DrillInjects_DrillRuns_DrillId",
                        column: x => x.DrillId,
                        principalTable: "DrillRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DrillInjects_DrillId_InjectId",
                table: "DrillInjects",
                columns: new[] { "DrillId", "InjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DrillRuns_IncidentId",
                table: "DrillRuns",
                column: "IncidentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DrillRuns_OrganizationId_Number",
                table: "DrillRuns",
                columns: new[] { "OrganizationId", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DrillInjects");

            migrationBuilder.DropTable(
                name: "DrillRuns");
        }
    }
}
