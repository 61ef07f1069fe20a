"""early"""
