//! The list's filters: the same meaning as the server's query parameters,
//! so a live review is shown only if the current filter would list it.

use resq_core::api::PartnerReview;
use resq_core::{Aspect, Rating};

/// Which reviews the list shows (empty or `None`: any).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub ratings: Vec<Rating>,
    pub aspects: Vec<Aspect>,
    pub has_comment: Option<bool>,
}

impl Filter {
    /// The query string for `GET /venues/{id}/feedback` (without `?`).
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if !self.ratings.is_empty() {
            let names: Vec<&str> = self.ratings.iter().map(|r| r.as_str()).collect();
            parts.push(format!("rating={}", names.join(",")));
        }
        if !self.aspects.is_empty() {
            let names: Vec<&str> = self.aspects.iter().map(|a| a.as_str()).collect();
            parts.push(format!("aspect={}", names.join(",")));
        }
        if let Some(has) = self.has_comment {
            parts.push(format!("has_comment={has}"));
        }
        parts.join("&")
    }

    /// Would the server list `review` under this filter?
    pub fn admits(&self, review: &PartnerReview) -> bool {
        (self.ratings.is_empty() || self.ratings.contains(&review.rating))
            && (self.aspects.is_empty() || review.aspects.iter().any(|a| self.aspects.contains(a)))
            && self
                .has_comment
                .is_none_or(|has| has == review.comment.as_deref().is_some_and(|c| !c.is_empty()))
    }

    /// Turns a rating on or off.
    pub fn toggle_rating(&mut self, rating: Rating) {
        toggle(&mut self.ratings, rating);
    }

    /// Turns an aspect on or off.
    pub fn toggle_aspect(&mut self, aspect: Aspect) {
        toggle(&mut self.aspects, aspect);
    }
}

fn toggle<T: PartialEq + Ord>(list: &mut Vec<T>, item: T) {
    if let Some(i) = list.iter().position(|x| *x == item) {
        list.remove(i);
    } else {
        list.push(item);
        list.sort();
    }
}

/// Adds a live review on top of the list unless it is there already or the
/// filter hides it; answers whether it was added.
pub fn add_live(list: &mut Vec<PartnerReview>, review: PartnerReview, filter: &Filter) -> bool {
    if !filter.admits(&review) || list.iter().any(|r| r.review_id == review.review_id) {
        return false;
    }
    list.insert(0, review);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn review(
        id: &str,
        rating: Rating,
        aspects: &[Aspect],
        comment: Option<&str>,
    ) -> PartnerReview {
        PartnerReview {
            review_id: id.into(),
            venue_id: "v".into(),
            purchase_date: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            products: vec![],
            rating,
            aspects: aspects.to_vec(),
            comment: comment.map(str::to_owned),
        }
    }

    #[test]
    fn the_query_names_what_is_chosen() {
        let mut f = Filter::default();
        assert_eq!(f.query(), "");
        f.toggle_rating(Rating::Bad);
        f.toggle_rating(Rating::Ok);
        f.toggle_aspect(Aspect::Taste);
        f.has_comment = Some(true);
        assert_eq!(f.query(), "rating=ok,bad&aspect=taste&has_comment=true");
        f.toggle_rating(Rating::Ok);
        assert_eq!(f.ratings, [Rating::Bad]);
    }

    #[test]
    fn a_live_review_joins_the_list_once_and_only_if_the_filter_admits_it() {
        let bad = Filter {
            ratings: vec![Rating::Bad],
            ..Filter::default()
        };
        let mut list = vec![review("a", Rating::Bad, &[], None)];
        assert!(!add_live(
            &mut list,
            review("b", Rating::Good, &[], None),
            &bad
        ));
        assert!(add_live(
            &mut list,
            review("c", Rating::Bad, &[Aspect::Size], Some("x")),
            &bad
        ));
        assert!(!add_live(
            &mut list,
            review("c", Rating::Bad, &[Aspect::Size], Some("x")),
            &bad
        ));
        assert_eq!(
            list.iter()
                .map(|r| r.review_id.as_str())
                .collect::<Vec<_>>(),
            ["c", "a"]
        );
        let commented = Filter {
            has_comment: Some(false),
            ..Filter::default()
        };
        assert!(!commented.admits(&review("d", Rating::Ok, &[], Some("hi"))));
        let taste = Filter {
            aspects: vec![Aspect::Taste],
            ..Filter::default()
        };
        assert!(!taste.admits(&review("e", Rating::Ok, &[Aspect::Size], None)));
    }
}
