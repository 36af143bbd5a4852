"""Accessibility feedback: barriers reported by anyone through the accessibility statement
(EU Implementing Decision 2018/1523, Real Decreto 1112/2018), read by admins."""
