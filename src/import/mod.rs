//! Plain text -> Plan.
