using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Payesh.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AttachmentsForObstaclesAndResolutions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "PlanId",
                table: "Evidence",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AlterColumn<long>(
                name: "NodeId",
                table: "Evidence",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AddColumn<long>(
                name: "ObstacleEventId",
                table: "Evidence",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ObstacleId",
                table: "Evidence",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResolutionEventId",
                table: "Evidence",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResolutionId",
                table: "Evidence",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Evidence_ObstacleEventId",
                table: "Evidence",
                column: "ObstacleEventId");

            migrationBuilder.CreateIndex(
                name: "IX_Evidence_ObstacleId",
                table: "Evidence",
                column: "ObstacleId");

            migrationBuilder.CreateIndex(
                name: "IX_Evidence_ResolutionEventId",
                table: "Evidence",
                column: "ResolutionEventId");

            migrationBuilder.CreateIndex(
                name: "IX_Evidence_ResolutionId",
                table: "Evidence",
                column: "ResolutionId");

            migrationBuilder.AddForeignKey(
                name: "FK_Evidence_ObstacleEvents_ObstacleEventId",
                table: "Evidence",
                column: "ObstacleEventId",
                principalTable: "ObstacleEvents",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Evidence_Obstacles_ObstacleId",
                table: "Evidence",
                column: "ObstacleId",
                principalTable: "Obstacles",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Evidence_ResolutionEvents_ResolutionEventId",
                table: "Evidence",
                column: "ResolutionEventId",
                principalTable: "ResolutionEvents",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Evidence_Resolutions_ResolutionId",
                table: "Evidence",
                column: "ResolutionId",
                principalTable: "Resolutions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Evidence_ObstacleEvents_ObstacleEventId",
                table: "Evidence");

            migrationBuilder.DropForeignKey(
                name: "FK_Evidence_Obstacles_ObstacleId",
                table: "Evidence");

            migrationBuilder.DropForeignKey(
                name: "FK_Evidence_ResolutionEvents_ResolutionEventId",
                table: "Evidence");

            migrationBuilder.DropForeignKey(
                name: "FK_Evidence_Resolutions_ResolutionId",
                table: "Evidence");

            migrationBuilder.DropIndex(
                name: "IX_Evidence_ObstacleEventId",
                table: "Evidence");

            migrationBuilder.DropIndex(
                name: "IX_Evidence_ObstacleId",
                table: "Evidence");

            migrationBuilder.DropIndex(
                name: "IX_Evidence_ResolutionEventId",
                table: "Evidence");

            migrationBuilder.DropIndex(
                name: "IX_Evidence_ResolutionId",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "ObstacleEventId",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "ObstacleId",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "ResolutionEventId",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "ResolutionId",
                table: "Evidence");

            migrationBuilder.AlterColumn<long>(
                name: "PlanId",
                table: "Evidence",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "NodeId",
                table: "Evidence",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);
        }
    }
}
