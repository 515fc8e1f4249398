using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Payesh.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AxisConfidenceRatings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AxisConfidenceRatings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<long>(type: "INTEGER", nullable: false),
                    NodeId = table.Column<long>(type: "INTEGER", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RatedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AxisConfidenceRatings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AxisConfidenceRatings_PlanNodes_NodeId",
                        column: x => x.NodeId,
                        principalTable: "PlanNodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AxisConfidenceRatings_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AxisConfidenceRatings_NodeId",
                table: "AxisConfidenceRatings",
                column: "NodeId");

            migrationBuilder.CreateIndex(
                name: "IX_AxisConfidenceRatings_PlanId_NodeId_RatedOn",
                table: "AxisConfidenceRatings",
                columns: new[] { "PlanId", "NodeId", "RatedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AxisConfidenceRatings");
        }
    }
}
