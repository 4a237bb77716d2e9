//! The ResQ Club customer feedback widget.
