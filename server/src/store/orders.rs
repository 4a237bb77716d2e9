//! Orders: registration by the marketplace, reading with ownership, and the
//! pickup mark (R1: the first mark wins).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use resq_core::api::{RegisterOrder, VenueRef};
use resq_core::order::PickupMarkedBy;
use resq_core::rules::{self, OrderTiming};
use resq_core::{ErrorCode, Feedback, PickupMark, PickupWindow, Product};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::{OrderScope, Store, from_json, instant, millis, to_json};
use crate::http::error::AppError;

/// An order as stored, with its feedback if given.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRecord {
    pub order_id: String,
    pub venue: VenueRef,
    pub customer_id: String,
    pub time_zone: Tz,
    pub products: Vec<Product>,
    pub purchased_at: DateTime<Utc>,
    pub pickup_window: PickupWindow,
    pub picked_up: Option<PickupMark>,
    pub feedback: Option<Feedback>,
}

impl OrderRecord {
    /// The facts R1 needs.
    pub fn timing(&self) -> OrderTiming {
        OrderTiming {
            pickup_window: self.pickup_window,
            picked_up_at: self.picked_up.map(|m| m.at),
            time_zone: self.time_zone,
        }
    }

    /// Is `request` the same order as this one (a harmless re-registration)?
    fn is_same_as(&self, request: &RegisterOrder) -> bool {
        self.venue.id == request.venue.id
            && self.time_zone.name() == request.venue.time_zone
            && self.customer_id == request.customer_id
            && self.products == request.products
            && self.purchased_at == request.purchased_at
            && self.pickup_window == request.pickup_window
    }
}

/// How a registration went.
#[derive(Debug, Clone, PartialEq)]
pub enum Registration {
    Created(OrderRecord),
    /// The same order was registered before; nothing changed.
    AlreadyRegistered(OrderRecord),
}

/// The result of a pickup mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PickupOutcome {
    /// The mark in force: this one, or the earlier one that won.
    pub mark: PickupMark,
    pub already_marked: bool,
}

pub(super) const SELECT_ORDER: &str = "SELECT o.order_id, o.venue_id, v.name AS venue_name, o.customer_id, o.time_zone, o.products, o.purchased_at, o.pickup_start, o.pickup_end, o.picked_up_at, o.picked_up_by, f.rating, f.aspects, f.comment FROM orders o JOIN venues v ON v.venue_id = o.venue_id LEFT JOIN feedback f ON f.order_id = o.order_id WHERE o.order_id = ?1 AND (?2 = 'any' OR (?2 = 'customer' AND o.customer_id = ?3) OR (?2 = 'venues' AND o.venue_id IN (SELECT value FROM json_each(?3))))";

pub(super) const MARK_PICKED_UP: &str = "UPDATE orders AS o SET picked_up_at = ?4, picked_up_by = ?5 WHERE o.order_id = ?1 AND o.picked_up_at IS NULL AND (?2 = 'any' OR (?2 = 'customer' AND o.customer_id = ?3) OR (?2 = 'venues' AND o.venue_id IN (SELECT value FROM json_each(?3))))";

impl Store {
    /// Registers an order (and its venue). The same order again changes
    /// nothing; different details for a known id → `order_conflict`. The
    /// request must already be validated.
    pub async fn register_order(
        &self,
        request: &RegisterOrder,
        time_zone: Tz,
    ) -> Result<Registration, AppError> {
        let mut tx = self.write().await?;
        if let Some(existing) = select_order(&mut tx, &request.order_id, OrderScope::Any).await? {
            return if existing.is_same_as(request) {
                Ok(Registration::AlreadyRegistered(existing))
            } else {
                Err(AppError::code(ErrorCode::OrderConflict))
            };
        }
        // The venue's latest name and zone win; each order keeps its own zone.
        sqlx::query(
            "INSERT INTO venues (venue_id, name, time_zone) VALUES (?1, ?2, ?3) \
             ON CONFLICT (venue_id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone",
        )
        .bind(&request.venue.id)
        .bind(&request.venue.name)
        .bind(time_zone.name())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO orders (order_id, venue_id, customer_id, time_zone, products, purchased_at, pickup_start, pickup_end) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(&request.order_id)
        .bind(&request.venue.id)
        .bind(&request.customer_id)
        .bind(time_zone.name())
        .bind(to_json(&request.products)?)
        .bind(millis(request.purchased_at))
        .bind(millis(request.pickup_window.start))
        .bind(millis(request.pickup_window.end))
        .execute(&mut *tx)
        .await?;
        let created = select_order(&mut tx, &request.order_id, OrderScope::Any)
            .await?
            .ok_or_else(|| AppError::internal("inserted order not found"))?;
        tx.commit().await?;
        Ok(Registration::Created(created))
    }

    /// The order, if it exists within `scope`.
    pub async fn order(
        &self,
        order_id: &str,
        scope: OrderScope<'_>,
    ) -> Result<Option<OrderRecord>, AppError> {
        let mut conn = self.reader.acquire().await?;
        select_order(&mut conn, order_id, scope).await
    }

    /// R1: marks the order picked up unless it already is (the first mark
    /// wins). `None` when the order does not exist within `scope`.
    pub async fn mark_picked_up(
        &self,
        order_id: &str,
        scope: OrderScope<'_>,
        at: DateTime<Utc>,
        by: PickupMarkedBy,
    ) -> Result<Option<PickupOutcome>, AppError> {
        let (kind, value) = scope.params();
        let mut tx = self.write().await?;
        let updated = sqlx::query(MARK_PICKED_UP)
            .bind(order_id)
            .bind(kind)
            .bind(&value)
            .bind(millis(at))
            .bind(by.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let Some(order) = select_order(&mut tx, order_id, scope).await? else {
            return Ok(None);
        };
        let mark = order
            .picked_up
            .ok_or_else(|| AppError::internal("pickup mark missing after marking"))?;
        tx.commit().await?;
        Ok(Some(PickupOutcome {
            mark,
            already_marked: updated == 0,
        }))
    }
}

/// Reads one order within `scope`, on any connection (so writes can read
/// inside their transaction).
pub(super) async fn select_order(
    conn: &mut SqliteConnection,
    order_id: &str,
    scope: OrderScope<'_>,
) -> Result<Option<OrderRecord>, AppError> {
    let (kind, value) = scope.params();
    let row = sqlx::query(SELECT_ORDER)
        .bind(order_id)
        .bind(kind)
        .bind(&value)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| order_from_row(&row)).transpose()
}

fn order_from_row(row: &SqliteRow) -> Result<OrderRecord, AppError> {
    let zone: String = row.try_get("time_zone")?;
    let time_zone = rules::parse_time_zone(&zone)
        .ok_or_else(|| AppError::internal(format!("stored time zone {zone}")))?;
    let picked_up = match (
        row.try_get::<Option<i64>, _>("picked_up_at")?,
        row.try_get::<Option<String>, _>("picked_up_by")?,
    ) {
        (Some(at), Some(by)) => Some(PickupMark {
            at: instant(at)?,
            by: PickupMarkedBy::parse(&by)
                .ok_or_else(|| AppError::internal(format!("stored pickup marker {by}")))?,
        }),
        _ => None,
    };
    let feedback = match row.try_get::<Option<String>, _>("rating")? {
        Some(rating) => Some(Feedback {
            rating: resq_core::Rating::parse(&rating)
                .ok_or_else(|| AppError::internal(format!("stored rating {rating}")))?,
            aspects: from_json(&row.try_get::<String, _>("aspects")?)?,
            comment: row.try_get("comment")?,
        }),
        None => None,
    };
    Ok(OrderRecord {
        order_id: row.try_get("order_id")?,
        venue: VenueRef {
            id: row.try_get("venue_id")?,
            name: row.try_get("venue_name")?,
            time_zone: zone,
        },
        customer_id: row.try_get("customer_id")?,
        time_zone,
        products: from_json(&row.try_get::<String, _>("products")?)?,
        purchased_at: instant(row.try_get("purchased_at")?)?,
        pickup_window: PickupWindow {
            start: instant(row.try_get("pickup_start")?)?,
            end: instant(row.try_get("pickup_end")?)?,
        },
        picked_up,
        feedback,
    })
}
